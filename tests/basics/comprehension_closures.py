# Lambdas and generator expressions inside comprehensions capture the targets (one cell per run).
fs = [(lambda: i) for i in range(3)]
print([f() for f in fs])
gs = [(lambda i=i: i) for i in range(3)]
print([g() for g in gs])
def mk(n):
    return [lambda x: x + i * n for i in range(n)]
print([f(1) for f in mk(3)])
print([list(x * i for x in range(3)) for i in range(3)])
d = {k: (lambda: k) for k in "ab"}
print(sorted((k, v()) for k, v in d.items()))
def gen():
    yield from ((lambda: j) for j in range(2))
print([f() for f in gen()])
nested = [[(lambda: (i, j)) for j in range(2)] for i in range(2)]
print([[f() for f in row] for row in nested])
