# Closures: cells, nonlocal, decorators with wrappers, lambda factories, nesting, late binding.
def make_counter(start):
    count = start
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc
c = make_counter(10)
print(c(), c(), c(5))
def deco(fn):
    def wrapper(*args, **kw):
        print("calling", fn.__name__, args)
        return fn(*args, **kw) * 2
    return wrapper
@deco
def add(a, b):
    return a + b
print(add(2, 3))
def adders():
    return [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in adders()])
def outer(x):
    def mid():
        def inner():
            return x * 2
        return inner()
    return mid()
print(outer(21))
def power(n):
    return lambda x: x ** n
sq = power(2)
print(sq(7), power(3)(2))
def late():
    fs = []
    for i in range(3):
        def g():
            return i
        fs.append(g)
    return [f() for f in fs]
print(late())
