# Function objects: defaults, keyword arguments, *args/**kwargs, functions as values, lambda, nested functions.
def add(a, b=10, *rest, scale=1, **opts):
    return (a + b + sum(rest)) * scale, sorted(opts.items())
print(add(1))
print(add(1, 2))
print(add(1, 2, 3, 4, scale=2, x=5))
print(add(b=3, a=4))
f = add
print(f(5)[0], f.__name__)
def apply(fn, *args):
    return fn(*args)
print(apply(max, 3, 9, 4))
print(sorted(["bb", "a", "ccc"], key=lambda s: len(s)))
sq = lambda x: x * x
print(list(map(sq, range(5))))
def outer():
    def helper(y):
        return y * 3
    return helper(4)
print(outer())
def g(x, y=2):
    return x * y
print(g(3), g(3, 4), g(y=5, x=1))
kw = {"y": 7}
print(g(2, **kw), g(*[3, 3]))
