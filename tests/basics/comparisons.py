# comparison operators on small ints, negatives and None identity
vals = 0
for a in range(-2, 3):
    for b in range(-2, 3):
        print(a, b, a < b, a <= b, a > b, a >= b, a == b, a != b)
x = None
y = 5
print(x is None, x is not None, y is None, y is not None)
def nothing():
    pass
print(nothing() is None, nothing() is not None)
r = nothing()
print(r)
print(1 == 1, 1 == 2, -1 == -1, 0 == -0)
print(2 ** 30 - 1 < 2 ** 30, 2 ** 62 - 1 < 2 ** 62, -(2 ** 62) < -(2 ** 62) + 1)
a = 3
b = 3
c = 4
print(a == b, a is not None, (a == b) == (c == c), (a < c) != (c < a))
