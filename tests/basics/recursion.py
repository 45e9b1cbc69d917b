# recursive functions
def fact(n):
    if n == 0:
        return 1
    return n * fact(n - 1)

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))

def power(b, e):
    if e == 0:
        return 1
    h = power(b, e // 2)
    if e % 2 == 0:
        return h * h
    return h * h * b

def sum_digits(n):
    if n < 10:
        return n
    return n % 10 + sum_digits(n // 10)

def hanoi(n, a, b, c):
    if n == 0:
        return 0
    return hanoi(n - 1, a, c, b) + 1 + hanoi(n - 1, c, b, a)

def binom(n, k):
    if k == 0 or k == n:
        return 1
    return binom(n - 1, k - 1) + binom(n - 1, k)

for i in range(0, 21):
    print(i, fact(i), fib(i))
print(fact(60))
print(ack(0, 0), ack(1, 2), ack(2, 3), ack(3, 3))
print(power(2, 100), power(3, 101), power(-7, 31))
print(sum_digits(2 ** 200))
print(hanoi(10, 1, 2, 3))
for n in range(8):
    r = 0
    while r <= n:
        print(binom(n, r), end=" ")
        r += 1
    print("")

def noreturn(x):
    x = x + 1

def bare(x):
    if x > 0:
        return
    return x

print(noreturn(1), bare(1), bare(-1), noreturn(2) is None, bare(5) is None)
