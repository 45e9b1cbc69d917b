# Big-int temporaries: native code lets the runtime write the result of an operator into
# an operand that is another operator's fresh result. Every value printed here must be
# what plain evaluation gives, whichever operand is reused, and objects other code holds
# must never change.

B = 1 << 80
C = 3 ** 60


def nested(q, r, t, k, x):
    a = (2 * q + r) * x
    b = (q * (7 * k + 2) + r * x) // (t * x)
    c = 10 * (r - 3 * t)
    d = (q * k) - (r * x)
    e = (q + r) % (t * 7)
    f = (q * 3) & (r * 5) | (t * 11) ^ (q - 1)
    g = (r * x) - q * k
    return a, b, c, d, e, f, g


print(nested(B, C, B + 12345, 17, 39))
print(nested(-B, C, 7 * B, 3, -5))


def to_small(q):
    # temporaries whose result fits a small int again
    return (q * 2) - (q + q), (q * 3) // q, (q - 1) % 10, (q + 5) - q


print(to_small(B))
print(to_small(-C))


class Keep:
    # __add__ and __mul__ return a big int stored elsewhere: it must never be updated
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return self.v

    def __mul__(self, o):
        global STORED
        STORED = self.v * 2
        return STORED


STORED = 0


def aliasing(k):
    held = k.v
    r1 = (k + 1) + 1000
    r2 = (k * 1) * 3
    return held == k.v, r1 - held, r2 - STORED * 3, STORED == k.v * 2


print(aliasing(Keep(B)))
print(aliasing(Keep(-C)))


def shared(x):
    ys = [x * 2]
    y = ys[0]
    z = (y + 1) - (x * 2)
    return z, ys[0] == x * 2, y is ys[0]


print(shared(B))


def divide_by_zero(q):
    try:
        return (q * 2) // (q - q)
    except ZeroDivisionError as e:
        return "ZeroDivisionError", q * 2 + 1


print(divide_by_zero(B))


def chain(n):
    acc = 1
    for i in range(1, n):
        acc = (acc * i + i) * (i + 1) - (acc // 3)
    return acc % 1000000007


print(chain(60))


def compare(q, t):
    return (4 * q + 1 - t < 3 * t), (q * q) == (q ** 2), (q * 5) > (q * 4) + q


print(compare(B, C), compare(C, B))


def mixed(q):
    # a float operand: no reuse, plain float arithmetic
    return (q * 2) * 0.5 == float(q), (q + 1) / 2 > 0


print(mixed(1 << 40))
