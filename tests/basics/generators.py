# Generators: yield in loops, return values, generators as iterables everywhere.


def count(n):
    i = 0
    while i < n:
        yield i
        i += 1


def squares(xs):
    for x in xs:
        yield x * x


def with_return(n):
    for i in range(n):
        yield i
    return n * 10


def empty():
    return
    yield 1


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


print(list(count(5)))
print(sum(squares([1, 2, 3, 4])))
print(tuple(squares(count(4))))
a, b, c = count(3)
print(a, b, c)
first, *rest = squares(range(5))
print(first, rest)
print(list(empty()))
for x in count(3):
    for y in count(2):
        print(x, y, end="; ")
print()

g = fib()
print([next(g) for _ in range(12)])

g = with_return(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)
print(next(g, "default"))
print(next(count(0), "none"))

print(type(count(1)).__name__)
print(sorted(squares([3, -1, 2])), max(count(7)), min(squares([4, 2, 3])))
print(dict(zip(count(3), squares(count(3)))))
print(list(enumerate(count(3))))
print(list(map(lambda v: v + 1, count(3))))
print(set(count(4)) == {0, 1, 2, 3})
print(", ".join(str(v) for v in count(4)))
print(any(v > 2 for v in count(10)), all(v < 2 for v in count(5)))
it = iter(count(2))
print(next(it), next(it), next(it, "end"))


# Generators holding state in many locals, across nested loops and conditions.
def pairs(n):
    total = 0
    for i in range(n):
        if i % 2 == 0:
            continue
        j = 0
        while j < i:
            total += i * j
            yield (i, j, total)
            j += 1
    yield "total", total


for p in pairs(5):
    print(p)


# Closures and methods.
def make_counter(step):
    def gen(n):
        k = 0
        for _ in range(n):
            yield k
            k += step

    return gen


print(list(make_counter(3)(4)))


class Tree:
    def __init__(self, value, left=None, right=None):
        self.value = value
        self.left = left
        self.right = right

    def walk(self):
        if self.left:
            yield from self.left.walk()
        yield self.value
        if self.right:
            yield from self.right.walk()

    def __iter__(self):
        return self.walk()


t = Tree(4, Tree(2, Tree(1), Tree(3)), Tree(6, Tree(5), Tree(7)))
print(list(t.walk()))
print([v * 10 for v in t])


def outer():
    scale = 2

    def inner(xs):
        for x in xs:
            yield x * scale

    scale = 5
    return inner


print(list(outer()([1, 2, 3])))


# Generators that capture and modify enclosing variables.
def accum():
    total = 0

    def adder(xs):
        nonlocal total
        for x in xs:
            total += x
            yield total

    return adder, lambda: total


add, get = accum()
print(list(add([1, 2, 3])), get())

# Independent generator objects of the same function.
g1 = count(3)
g2 = count(3)
print(next(g1), next(g1), next(g2), next(g1), next(g2))
# Many arguments (passed through a pointer).
def many(a, b, c, d, e, f=6):
    yield a + b + c
    yield d + e + f


print(list(many(1, 2, 3, 4, 5)), list(many(1, 1, 1, 1, 1, f=1)))


# Recursion through generators.
def perms(xs):
    if len(xs) <= 1:
        yield xs
        return
    for i in range(len(xs)):
        for p in perms(xs[:i] + xs[i + 1 :]):
            yield [xs[i]] + p


print(list(perms([1, 2, 3])))
