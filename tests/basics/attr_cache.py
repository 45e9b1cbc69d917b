# Native code caches where an instance attribute was found at each load site; every
# way the answer can change must be seen: other classes at the same site, deleted and
# re-added attributes, class attributes and properties added later, setattr with a
# computed name.


class A:
    def __init__(self, v):
        self.v = v
        self.w = v * 2


class B:
    def __init__(self, v):
        self.w = -v
        self.v = v + 100


def get_v(o):
    return o.v


def get_w(o):
    return o.w


objs = [A(1), B(2), A(3), B(4)]
print([get_v(o) for o in objs], [get_w(o) for o in objs])

a = A(5)
print(get_v(a), get_v(a))
del a.v
try:
    get_v(a)
except AttributeError:
    print("AttributeError")
a.v = 7
print(get_v(a))
A.v = "class v"  # instance attributes still win over a plain class attribute
print(get_v(a), get_v(A(8)))
del a.v
print(get_v(a))


def getter(self):
    return "property v"


a.v = 11
print(get_v(a))
A.v = property(getter)  # a data descriptor wins over the instance dict
print(get_v(a))
for name in ["w", "x"]:
    setattr(a, name, name * 3)
print(get_w(a), a.x)


class C:
    pass


c = C()
c.v = 1
total = 0
for i in range(5):
    total += get_v(c)
    c.v = i
print(total, get_v(c))


class D:
    def __init__(self):
        self.v = "instance v"


d = D()
print(get_v(d), get_v(d))
D.v = property(getter)  # the class gained a data descriptor after the site cached d.v
print(get_v(d))
