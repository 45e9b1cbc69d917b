# module-level forms compact bytecode covers: comprehensions (inline, their variables
# hidden locals that never leak), lambdas, decorated functions and classes; the same
# output native, as bytecode and under CPython

x = 100
sq = [x * x for x in range(6)]
print(sq, x)
ev = {k: k * 2 for k in range(8) if k % 2 == 0 if k > 0}
print(ev)
st = {c for c in "hello world" if c != " "}
print(sorted(st))
pairs = [(i, j) for i in range(4) for j in range(i) if (i + j) % 2]
print(pairs)
nested = [[y * 10 + z for z in range(y)] for y in range(4)]
print(nested)
words = ["b", "a", "c"]
print(sorted(words, key=lambda w: -ord(w)))
f = lambda a, b=3, *r, k=5, **kw: (a, b, r, k, kw)
print(f(1), f(1, 2, 3, 4, k=0, z=9))
tw = [(a, b) for a, b in [(1, 2), (3, 4)]]
print(tw)
def deco(tag):
    print("deco", tag)
    def wrap(fn):
        print("wrap", tag, fn.__name__)
        return fn
    return wrap
@deco("outer")
@deco("inner")
def g(v):
    return v + 1
print(g(1))
def cdeco(c):
    c.tagged = True
    return c
@cdeco
class K:
    @staticmethod
    def s(v):
        return v * 2
    @classmethod
    def m(cls, v):
        return cls.__name__ + str(v)
    vals = [1, 2]
print(K.tagged, K.s(4), K.m(3), K().s(5), K.vals)
def inner():
    n = 3
    return [i + n for i in range(n)], {i: [j for j in range(i)] for i in range(n)}
print(inner())
print(sq, ev)
