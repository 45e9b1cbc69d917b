# factorials, iterative and recursive, with big results
def fact_iter(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

def fact_rec(n):
    if n <= 1:
        return 1
    return n * fact_rec(n - 1)

for n in range(0, 31):
    print(n, fact_iter(n))
print(fact_iter(50))
print(fact_iter(100))
print(fact_rec(100) == fact_iter(100))
f = fact_iter(120)
print(f)
print(f // fact_iter(118), 120 * 119)
z = 0
while f % 10 == 0:
    f //= 10
    z += 1
print(z, f % 1000)
