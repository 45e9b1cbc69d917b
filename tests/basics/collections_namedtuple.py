from collections import namedtuple

Point = namedtuple('Point', 'x y')
p = Point(1, 2)
print(p, repr(p), str(p))
print(p.x, p.y, p[0], p[1], p[-1], p[:1], len(p))
print(p._fields, Point._fields, type(p).__name__, Point.__name__)
x, y = p
print(x, y)
print(p == (1, 2), p == Point(1, 2), p != Point(2, 1), p < Point(1, 3))
print(isinstance(p, tuple), isinstance(p, Point), type(p) is Point)
print(tuple(p), list(p), p + (3,), p * 2, 2 in p, p.count(1), p.index(2))
print(Point(y=5, x=4), Point(7, y=8))
print(hash(p) == hash((1, 2)))
for v in p:
    print(v)
T = namedtuple('T', ['a', 'b', 'c'])
t = T('s', [1], {'k': 2})
print(t, t.c['k'])
U = namedtuple('U', 'a, b')
print(U(a=1, b=2))
for args in ((1,), (1, 2, 3)):
    try:
        Point(*args)
    except TypeError:
        print('TypeError')
try:
    Point(1, 2, z=3)
except TypeError:
    print('TypeError')
try:
    p.z
except AttributeError:
    print('AttributeError')
d = {p: 'point'}
print(d[(1, 2)])
print(sorted([Point(2, 1), Point(1, 2)]))
print(p._asdict(), p._replace(y=9), p)
try:
    p._replace(w=1)
except ValueError:
    print('ValueError')
