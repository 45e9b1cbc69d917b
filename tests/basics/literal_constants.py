# Float literals are read-only objects the compiler makes (negated ones folded), and
# `a, b = x, y` assigns without building a tuple: values and order must be Python's.
x = -0.0
print(x, -1.5, 1e400, -1e400, 1_000.5, 0.5, 5.0, -(-2.5), 1.25e-3)
print(0.5 + 0.25 == 0.75, 2.0 * 3, -2.0 ** 2, -1.5 < -1.25)


def scale(v, k=-3.25):
    return v * k


print(scale(2), scale(2.0, 0.5), [scale(i) for i in range(3)])


def fib_pair(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a, b


def rotate(x, y, z):
    x, y, z = z, x, y
    return [x, y, z]


print(fib_pair(10), rotate(1, 2, 3))
lst = [0, 0]
lst[0], lst[1] = 5, 6
[p, q] = 7, 8
print(lst, p, q)


def kwonly(a, *, b=2, c):
    return a + b * c


print(kwonly(1, c=3), kwonly(1, c=3, b=4), kwonly(a=1, c=2))
try:
    kwonly(1, d=3)
except TypeError:
    print("TypeError")
