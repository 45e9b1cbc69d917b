# Arithmetic trees over attributes (`a.x * b.x + a.y * b.y`) run unboxed when the values
# are floats; with ints, big ints, bools, strs, lists, mixed operands or user classes
# the same expressions must give exactly what the generic operators give.


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Num:
    def __init__(self, v):
        self.v = v

    def __mul__(self, o):
        return Num(self.v * (o.v if isinstance(o, Num) else o))

    def __add__(self, o):
        return self.v + (o.v if isinstance(o, Num) else o)

    def __rmul__(self, o):
        return Num(o * self.v)


def dot(a, b):
    return a.x * b.x + a.y * b.y


def mix(a, b):
    return -a.x / b.y - a.y * b.x


def chain(a, b):
    return a.x + b.x + a.y + b.y


def show(tag, f):
    try:
        r = f()
        print(tag, r if not isinstance(r, float) else "%.6g" % r, type(r).__name__)
    except Exception as e:
        print(tag, type(e).__name__)


cases = [
    ("floats", P(1.5, 2.0), P(3.0, -0.5)),
    ("ints", P(3, 4), P(5, 6)),
    ("mixed", P(3, 0.5), P(2.0, 4)),
    ("bools", P(True, False), P(True, True)),
    ("big", P(2**40, 3), P(2**40, 7)),
    ("edge", P(2**30 - 1, 1), P(2, 2**30)),
    ("strs", P("a", "b"), P("c", "d")),
    ("lists", P([1], [2]), P([3], [4])),
    ("user", P(Num(2), Num(3)), P(4, 5)),
    ("zero", P(1.0, 0), P(0.0, 0)),
    ("none", P(None, 1.0), P(1.0, 1.0)),
]
for tag, a, b in cases:
    show(tag + " dot", lambda: dot(a, b))
    show(tag + " mix", lambda: mix(a, b))
    show(tag + " chain", lambda: chain(a, b))
