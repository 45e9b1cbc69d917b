# calls, closures, generators, classes and exceptions across modules: the conformance
# tests also build this program with its module as bytecode and its main script native
# (and the other way round), and the output must not change
from _mixed_mod import make_counter, evens, Shape, ShapeError, check, apply, total
import _mixed_mod


def scale(x, factor=3):
    return x * factor


c = make_counter(10)
print(c(), c(5), c(step=-2))

g = evens(7)
print(next(g), list(g))


def relay():
    r = yield from evens(5)
    yield r


print(list(relay()))


class Square(Shape):
    def __init__(self):
        super().__init__("square", 4)

    def describe(self):
        return "a " + super().describe()


print(check(Square()), Square() == Shape("box", 4))
for sides in (5, 2):
    try:
        print(check(Shape("poly", sides)))
    except ValueError as e:
        print(type(e).__name__, e, isinstance(e, ShapeError))

print(apply(scale, 7), apply(scale, 7, factor=10), apply(_mixed_mod.make_counter(1)))
print(total([1, 2, 3]), total(["a", "bb"], key=len), total(range(4), key=scale))


def boom():
    raise KeyError("missing")


try:
    apply(boom)
except KeyError as e:
    print("caught", repr(e))

try:
    total([1, None])
except TypeError:
    print("TypeError from a generator expression in the module")
print(sorted(map(scale, evens(9)), reverse=True))
