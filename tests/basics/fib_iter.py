# iterative fibonacci up to fib(300)
a = 0
b = 1
n = 0
while n <= 300:
    if n % 10 == 0 or n > 290:
        print(n, a)
    c = a + b
    a, b = b, c
    n += 1

def fib(n):
    x = 0
    y = 1
    for i in range(n):
        t = x + y
        x = y
        y = t
    return x

print(fib(0), fib(1), fib(2), fib(45), fib(46), fib(47), fib(92), fib(93))
print(fib(300))
print(fib(301) - fib(300) == fib(299))
print(fib(200) * fib(200) + fib(201) * fib(201) == fib(401))
