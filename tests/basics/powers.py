# powers of 2 and 3 up to a few hundred digits
p = 1
for i in range(0, 301):
    if i % 25 == 0:
        print(2, i, p)
    p *= 2
print(p == 2 ** 301)
q = 1
for i in range(0, 301):
    if i % 30 == 0:
        print(3, i, q)
    q = q * 3
print(q == 3 ** 301)
print(2 ** 1000)
print(3 ** 600)
# count digits of 2**n without str()
def digits(n):
    d = 0
    while n > 0:
        n //= 10
        d += 1
    return d

for e in range(0, 1100, 100):
    print(e, digits(2 ** e), digits(3 ** e))
