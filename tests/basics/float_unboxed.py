# Float arithmetic that native code keeps unboxed (float locals, intermediate results,
# float compares): every guard's way out must give what the generic operators give.
# Values are exact in single precision so the pyboard prints what CPython prints.


class Num:
    # Arithmetic with floats that returns ints: a float local may hold anything.
    def __init__(self, v):
        self.v = v

    def __mul__(self, other):
        return 5

    def __rmul__(self, other):
        return 7

    def __radd__(self, other):
        return "radd"


def basics(a, b):
    x = 1.5
    x += a
    y = x * b - 2
    y /= 2
    print(x, y, -x, x < y, x == 1.5, x != y, x >= 3.5, y <= 4.25)
    z = 0.0
    z -= x
    print(z, -z, 0.0 * -1, -(0.0))
    return x, y


def division(a, b):
    x = 0.5
    try:
        x = x / b
        print("quotient", x)
    except ZeroDivisionError:
        print("ZeroDivisionError", x)
    x = a / 2.0
    x /= 4
    print(x)
    q = 8.0
    q = q / a if a else q
    print(q)


def mixed(n):
    # Float locals meeting ints, bools, big ints, strs and user objects.
    f = 0.25
    f = f * n
    print(f)
    g = 2.0
    g = g + True
    print(g)
    big = 2 ** 70
    h = 1.0
    h = h * big
    print(h == 2.0 ** 70, h > 1e20)
    k = 1.0
    try:
        k = k + "s"
    except TypeError:
        print("TypeError", k)
    m = 3.0
    m = m * Num(1)
    print(m)
    m = m * m  # two ints now: an int product, not a float one
    print(m, type(m).__name__)
    p = 1.5
    p = Num(2) * p
    print(p)
    r = 0.5
    r = r + Num(0)
    print(r)


def unbound(flag):
    if flag:
        t = 1.5
    try:
        return t * 2.0
    except NameError:
        return "unbound"


def deleted():
    u = 2.5
    u = u * 2.0
    del u
    try:
        print(u + 1.0)
    except NameError:
        print("deleted")


def escapes():
    # Unboxed values become objects where objects are needed.
    a = 0.5
    b = a * 3.0
    items = [a, b, a + b]
    pair = (b, -b)
    d = {"a": a}
    print(items, pair, d, str(b), repr(a + b), abs(-b), int(b), round(b))
    print(max(a, b), min(a * 2.0, b), [x * 2.0 for x in items], sum(items))
    return a * b


def truncations(v):
    # int() of float arithmetic: inline below 2**30, the builtin beyond.
    x = v * 1.0
    print(int(x * 2.5), int(-x * 2.5), int(x / 3.0 * 0.0), int(x * 8589934592.0) == 2 ** 33 * v)
    print(int(x * 536870912.0) == 536870912 * v, int(-x * 1073741824.0), int(x * 2.0 ** 40))
    inf = 1e300 * 1e300
    for bad in (inf * x, (inf - inf) * x):
        try:
            print(int(bad * 1.0))
        except (OverflowError, ValueError) as e:
            print(type(e).__name__)
    s = "7"
    print(int(s), int(3 * 1))


def shadows():
    x = 1.5
    ys = [x * 2 for x in range(3)]
    print(ys, x)

    def inner():
        return c * 2.0

    c = 0.5
    c = c * 3.0
    print(inner(), c)


def loops(n):
    acc = 0.0
    step = 0.125
    i = 0
    while acc < n:
        acc = acc + step
        step = step * 2.0
        i += 1
    print(i, acc, step)
    re, im = 0.0, 0.0
    for k in range(8):
        re, im = re * 0.5 - im + k, im * 0.5 + re
    print(re, im)


def compares(v):
    w = v * 1.0
    print(w < 1, w <= 1.0, w > -1, w >= 2, w == 1, w != 1.0, 1 < w * 2.0)
    inf = 1e300 * 1e300
    nan = inf - inf
    print(inf > w, -inf < w, nan == nan, nan != nan, nan < w, nan >= w)
    if w * 2.0 > 1.5:
        print("big")
    else:
        print("small")
    while w * 2.0 < 8.0:
        w = w + 1.0
    print(w)


print(basics(2, 3))
print(basics(0, 1.25))
print(basics(True, 3))
division(4, 2)
division(0, 0)
division(1, 0.0)
mixed(6)
print(unbound(True), unbound(False))
deleted()
print(escapes())
truncations(1)
truncations(-3)
shadows()
loops(100)
compares(1)
compares(0.5)
compares(2)
