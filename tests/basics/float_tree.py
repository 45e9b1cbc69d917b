# Float arithmetic trees whose operands turn out not to be floats part-way through:
# native code evaluates such a tree on an unboxed fast path and leaves it at the
# operand (or division) that fails, continuing with objects. The order of every
# operand's evaluation and every operator's call must stay Python's, and ints must
# stay ints. Values are exact in single precision.

log = []


def note(tag, v):
    log.append(tag)
    return v


class Loud:
    # Arithmetic that records its calls and returns something that is not a float.
    def __init__(self, name):
        self.name = name

    def __mul__(self, o):
        log.append(self.name + "*")
        return 3

    def __rmul__(self, o):
        log.append("*" + self.name)
        return Loud(self.name + "'")

    def __add__(self, o):
        log.append(self.name + "+")
        return 10

    def __radd__(self, o):
        log.append("+" + self.name)
        return 20

    def __sub__(self, o):
        log.append(self.name + "-")
        return 0.5

    def __neg__(self):
        log.append("-" + self.name)
        return 2

    def __lt__(self, o):
        log.append(self.name + "<")
        return True

    def __gt__(self, o):
        log.append(self.name + ">")
        return False


def show(label, *vs):
    print(label, *[(v, type(v).__name__) for v in vs], log)
    log.clear()


def order(x, y):
    # Operands are evaluated left to right; an operand that fails stops the fast path
    # before the next operand is evaluated.
    show("floats", note("a", x) * note("b", 2.0) + note("c", y) * note("d", 0.5))
    show("loud first", note("a", Loud("p")) * note("b", x) + note("c", y) * note("d", 0.5))
    show("loud middle", note("a", x) * note("b", 2.0) + note("c", Loud("q")) * note("d", y))
    show("loud last", note("a", x) * note("b", 2.0) + note("c", y) * note("d", Loud("r")))
    show("loud result", note("a", x) - note("b", Loud("s")) * note("c", y) + note("d", 1.5))
    show("neg", -note("a", Loud("n")) * note("b", x) + note("c", y))


def ints(a, b, big):
    # Ints meet ints before they meet a float: int arithmetic, exact.
    x = 0.5
    show("int*int+f", a * b + x)
    show("int*int+int", a * b + a)
    show("big", int(big * a + x), big * a + x > big)
    show("big2", big * big - big)
    show("neg int", -a * b)
    show("neg int f", -a * x)
    show("int/int", a / (b - 3) - b)
    show("int f int", (a + x) * b)
    show("compare", a * b < b * a + x, a * b < big, big * 2 > big + a)
    y = 1.0
    y = a * b
    show("local int", y)
    show("local int ops", y * a, y * x, y + y, -y * a, y * y - x)
    # int() of a tree whose value is an int, or a float the generic suffix made.
    show("int of tree", int(y * a), int(y * x), int(a * b / 2.0), int(-y * 0.5))
    y = y * 2.0
    show("local float", y)


def divide(x, n):
    try:
        show("div", note("a", x) / note("b", n) + note("c", 1.0))
    except ZeroDivisionError:
        show("ZeroDivisionError", None)
    try:
        show("div int", note("a", 3) / note("b", n) * x)
    except ZeroDivisionError:
        show("ZeroDivisionError", None)


def aug(xs):
    t = 0.25
    t += xs[0] * 2.0
    show("aug", t)
    t *= Loud("m")
    show("aug loud", t.name)
    xs[1] += 0.5
    xs[2] *= 2.0
    xs[3] -= xs[0] * 0.5
    show("aug items", xs)
    u = 1.5
    try:
        u -= Loud("k")
    except TypeError:
        show("aug sub TypeError", u)


def compare(x, y):
    show("lt", x * 2.0 < y, y * 0.5 <= x, x + y > 3.0, x - y == -0.5)
    show("lt loud", note("a", x) * 2.0 < note("b", Loud("z")))
    show("lt loud left", note("a", Loud("w")) < note("b", x) * 2.0)
    show("lt mixed", 3 < x * 4.0, 1 + 1 == x * 4.0 - 2.0)


def int_division(k, n, big, o):
    # A tree with a true division is speculated even over ints and int literals.
    show("div ints", 2 * 3 * k / n, k * n / 4 - 1, -k / n * 2, k / n / 2)
    show("div big", int(big * 3 / 2 - big), 7 * big / big)
    show("div obj", k * o.x / n + o.x)
    try:
        show("div zero", 2 * k / (n - n) + 1)
    except ZeroDivisionError:
        show("div zero ZeroDivisionError", k)


class Holder:
    def __init__(self, x):
        self.x = x


class Prop:
    # An attribute whose read is seen.
    def __init__(self, name, v):
        self.name = name
        self.v = v

    @property
    def val(self):
        log.append(self.name)
        return self.v


def attr_ops(a, b):
    # One operator over attributes is speculated: anything may be there.
    for label, f in (("+", lambda: a.x + b.x), ("-", lambda: a.x - b.x),
                     ("*", lambda: a.x * b.x), ("/", lambda: a.x / b.x)):
        try:
            show("attr " + label, f())
        except TypeError:
            show("attr " + label + " TypeError")
        except ZeroDivisionError:
            show("attr " + label + " ZeroDivisionError")


def attr_order():
    show("props", Prop("p", 1.5).val * Prop("q", 2.0).val)
    show("props loud", Prop("q", Loud("l")).val - Prop("p", 1.5).val)
    show("props loud right", Prop("p", 1.5).val + Prop("q", Loud("l")).val - 1.0)


order(1.5, 2.25)
attr_ops(Holder(2.5), Holder(0.5))
attr_ops(Holder(3), Holder(2))
attr_ops(Holder(3), Holder(0.0))
attr_ops(Holder("ab"), Holder(3))
attr_ops(Holder([1]), Holder([2]))
attr_order()
int_division(3, 4, 1 << 40, Holder(2))
int_division(3, 4, 1 << 40, Holder(0.5))
ints(3, 7, 1 << 40)
divide(1.5, 2)
divide(1.5, 0)
divide(1.5, 0.0)
aug([1.25, 2, 3, 4.5])
compare(1.5, 2.0)
