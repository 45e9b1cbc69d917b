# Method, attribute-load and attribute-store sites that see different types, rebound
# class attributes, shadowing instance attributes, properties added later, deleted
# methods: every site must keep meaning what the full lookup means.


class A:
    def m(self, x):
        return ("A.m", x)

    def n(self):
        return "A.n"


class B(A):
    def m(self, x):
        return ("B.m", x)


def call_m(o, x):
    return o.m(x)


def call_kw(o, x):
    return o.m(x=x)


def up(o):
    return o.upper()


def show(tag, f):
    try:
        print(tag, f())
    except Exception as e:
        print(tag, type(e).__name__, e)


a = A()
b = B()
for i in range(3):
    show("a", lambda: call_m(a, i))
    show("b", lambda: call_m(b, i))
show("kw", lambda: call_kw(a, 5))
show("kw b", lambda: call_kw(b, 6))

# An instance attribute shadows the class's method at a cached site.
show("warm", lambda: call_m(a, 0))
a.m = lambda x: ("inst", x)
show("shadow", lambda: call_m(a, 7))
del a.m
show("unshadow", lambda: call_m(a, 8))


# Rebinding the method in the class (the key stays, its value changes).
def other(self, x):
    return ("other", x)


show("warm", lambda: call_m(a, 0))
A.m = other
show("rebound", lambda: call_m(a, 9))
show("sub keeps", lambda: call_m(b, 10))
del B.m
show("sub deleted", lambda: call_m(b, 11))
show("warm", lambda: call_m(a, 0))
del A.m
show("deleted", lambda: call_m(a, 12))
A.m = staticmethod(lambda x: ("static", x))
show("static", lambda: call_m(a, 13))
A.m = classmethod(lambda cls, x: (cls.__name__, x))
show("classmethod", lambda: call_m(b, 14))

# One site, builtin types and instances in turn.
for v in ["abc", b"xy", "q", A()]:
    show("upper", lambda: up(v))


class C:
    def upper(self):
        return "C.upper"


for v in ["abc", C(), "de", C()]:
    show("upper2", lambda: up(v))


# Stores: the same site on instances of different classes, then a property.
class P:
    pass


def setx(o, v):
    o.x = v
    return o.x


p1 = P()
p2 = P()
print(setx(p1, 1), setx(p2, 2), setx(p1, 3), p1.x, p2.x)
q = B()
print(setx(q, 4), q.x)
del p1.x
print(setx(p1, 5), p1.__dict__)
p1.y = 0
del p1.x
print(setx(p1, 6), sorted(p1.__dict__.items()))


def getx(self):
    return self._x * 10


def putx(self, v):
    self._x = v


print(setx(p2, 7), setx(p2, 7))
P.x = property(getx, putx)
print(setx(p2, 7), p2._x)
del P.x
print(setx(p2, 8), p2.x)


# One method site on a list, a str, a dict and a user class in turn.
class Appender:
    def __init__(self):
        self.items = []

    def append(self, v):
        self.items.append(v * 2)


def app(o, v):
    o.append(v)
    return o


print(app([1], 2), app(Appender(), 4).items, app([5], 6))


# Constructors: a class gains and loses __init__ after instances were made.
class K:
    pass


def make():
    return K()


def k_init(self):
    self.v = 1


print(make().__dict__)
K.__init__ = k_init
print(make().__dict__)
del K.__init__
print(make().__dict__)


# Calls on a class (`C.name(...)`): a function, a static method, a class method, found
# in the class or a base, rebound, deleted, shadowed in a subclass, not callable.
class C:
    LIMIT = 3

    @staticmethod
    def twice(x):
        return 2 * x

    @classmethod
    def named(cls, x):
        return (cls.__name__, x)

    def plain(self, x):
        return ("plain", self, x)


class D(C):
    pass


def on_class(n):
    out = []
    for i in range(n):
        out.append((C.twice(i), C.named(i), C.plain("s", i), D.twice(i), D.named(i)))
    return out


print(on_class(2))
C.twice = staticmethod(lambda x: -x)
D.named = classmethod(lambda cls, x: ("D only", cls.__name__, x))
print(on_class(2))
del C.twice
show("deleted", lambda: C.twice(1))
show("inherited after delete", lambda: D.twice(1))


def show_type(label, f):
    # Only the exception's type: CPython and MicroPython word these messages apart.
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__)


show_type("not callable", lambda: C.LIMIT(1))
show("missing", lambda: C.nothing(1))
show_type("unbound without self", lambda: C.plain())
