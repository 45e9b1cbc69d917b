# Generator expressions as values.
g = (x * x for x in range(5))
print(type(g).__name__)
print(next(g), next(g))
print(list(g))
print(list(g))

xs = [3, 1, 4, 1, 5, 9, 2, 6]
evens = (x for x in xs if x % 2 == 0)
print(sorted(evens))
pairs = ((a, b) for a in range(3) for b in range(a))
print(list(pairs))
print(sum(x for x in xs), max(x for x in xs if x < 5))


def scaled(k):
    return (k * v for v in xs if v > k)


print(list(scaled(3)))

gens = [(v for v in range(i)) for i in range(1, 4)]
print([list(gg) for gg in gens])

it = iter(v + 1 for v in [10, 20])
print(next(it), next(it), next(it, "done"))

lazy = (1 // v for v in [1, 0, 2])
print(next(lazy))
try:
    next(lazy)
except ZeroDivisionError:
    print("ZeroDivisionError raised lazily")

nested = (sum(c for c in row) for row in [[1, 2], [3, 4, 5]])
print(list(nested))
words = ["apple", "bob", "kayak"]
print(list(w for w in words if w == w[::-1]))
print(dict((w, len(w)) for w in words))
a, b = (v * 2 for v in (5, 6))
print(a, b)
print(", ".join(s.upper() for s in words))
print(any(v > 8 for v in xs), all(v > 0 for v in xs))
print(list(zip((v for v in "abc"), (v for v in range(10)))))
print(min((v for v in xs), key=lambda v: -v))
print(tuple(x for x in "hey"))


class Box:
    def __init__(self, items):
        self.items = items

    def doubled(self):
        return (2 * i for i in self.items)


print(list(Box([1, 2, 3]).doubled()))


def first_iterable_evaluated_early():
    data = [1, 2, 3]
    g = (d for d in data)
    data = [7, 8, 9]
    return list(g)


print(first_iterable_evaluated_early())


def free_variable_seen_late():
    k = 1
    g = (d * k for d in [1, 2, 3])
    k = 10
    return list(g)


print(free_variable_seen_late())
