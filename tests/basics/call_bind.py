# Calls of module-level functions bound at compile time: defaults, keywords in any order,
# binding errors, mutable defaults, evaluation order, a def shadowing a builtin.

def f(a, b=2, c=3):
    return (a, b, c)


def g(a, /, b, *, c=9):
    return (a, b, c)


def h(x=[]):
    x.append(1)
    return len(x)


def show(tag, fn):
    try:
        print(tag, fn())
    except Exception as e:
        print(tag, type(e).__name__)


print(f(1), f(1, 5), f(1, c=7), f(c=8, a=0), f(b=1, a=2, c=3), f(1, 2, 3))
show("dup", lambda: f(1, a=2))
show("unknown", lambda: f(1, d=2))
show("missing", lambda: f(b=1))
show("toomany", lambda: f(1, 2, 3, 4))
print(g(1, 2), g(1, b=3), g(1, 2, c=4))
print(h(), h(), h([5]))
order = []


def t(v):
    order.append(v)
    return v


print(f(t(1), c=t(3), b=t(2)), order)


def early():
    return len([1, 2, 3]), len(x=[2])


show("early", early)


def len(x, y=1):
    return x * 10 + y


print(len(5), len(y=2, x=3), len(4, y=0))


def star(a, *rest):
    return (a, rest, sum(rest))


def only_star(*args):
    return args


print(star(1), star(1, 2), star(1, 2, 3), star(a=4), only_star(), only_star(5, 6))
show("star missing", lambda: star())
show("star kw", lambda: star(1, b=2))
show("star dup", lambda: star(1, 2, a=3))


# Generators and coroutines take the same direct calls.
def gen(a, *rest):
    yield a
    for r in rest:
        yield r * 2


def gd(a, b=5):
    yield a + b


async def co(*xs):
    return sum(xs)


print(list(gen(1, 2, 3)), list(gen(4)), list(gd(1)), list(gd(b=1, a=2)))
c = co(1, 2)
try:
    c.send(None)
except StopIteration as e:
    print("co", e.value)
