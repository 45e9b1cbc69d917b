# Closures in every shape a function can take: captured parameters and locals, free
# variables of functions of more than four parameters, nonlocal at two levels, lambdas,
# a free variable read before the enclosing function assigned it, rebinding after the
# closure was made, comprehension variables captured by lambdas, and `del`.
def make_adder(n):
    def add(x):
        return x + n
    return add


def counter():
    c = 0
    def inc(k=1):
        nonlocal c
        c += k
        return c
    return inc


def five(a, b, c, d, e):
    f = lambda y: a + b + c + d + e + y
    return f(1)


def late():
    def get():
        return v
    try:
        get()
    except NameError as ex:
        print("unbound", type(ex).__name__)
    v = 3
    return get()


def nested(a):
    def mid(b):
        def inner(c):
            return a + b + c
        return inner
    return mid


def many(a, b, c, d, e, f):
    def g(x, y=0, *rest, z=1):
        return a + b + c + d + e + f + x + y + z + len(rest)
    return g


def two_levels():
    total = 0
    def outer_step(k):
        def inner_step():
            nonlocal total
            total += k
        inner_step()
        return total
    return [outer_step(k) for k in range(5)], total


def rebound():
    x = 1
    get = lambda: x
    first = get()
    x = 2
    return first, get()


def captured_loop_var():
    fs = [lambda i=i: i * 10 for i in range(3)]
    gs = [(lambda: j) for j in range(3)]
    return [f() for f in fs], [g() for g in gs]


def deleted():
    y = 5
    def read():
        return y
    del y
    try:
        return read()
    except NameError:
        return "gone"


def shared():
    state = []
    def push(v):
        state.append(v)
    def size():
        return len(state)
    push(1)
    push(2)
    return size(), state


def kwonly_cell(*, key):
    return lambda: key.upper()


a5 = make_adder(5)
print(a5(10), make_adder(1)(2), a5.__name__)
i = counter()
print(i(), i(), i(5))
print(five(1, 2, 3, 4, 5))
print(nested(1)(2)(3))
g = many(1, 2, 3, 4, 5, 6)
print(g(7), g(7, 1, 9, 9, z=0))
print(late())
print(two_levels())
print(rebound())
print(captured_loop_var())
print(deleted())
print(shared())
print(kwonly_cell(key="abc")())
print([make_adder(k)(1) for k in range(3)])
