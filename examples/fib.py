# Fibonacci numbers, recursively and iteratively (with big ints).
def fib_rec(n):
    if n < 2:
        return n
    return fib_rec(n - 1) + fib_rec(n - 2)

def fib_iter(n):
    a = 0
    b = 1
    for i in range(n):
        c = a + b
        a, b = b, c
    return a

for n in range(0, 21, 5):
    print("fib_rec(", n, ") = ", fib_rec(n), sep="")
print("fib_iter(20) == fib_rec(20):", fib_iter(20) == fib_rec(20))
print("fib_iter(90) =", fib_iter(90))
print("fib_iter(150) =", fib_iter(150))
