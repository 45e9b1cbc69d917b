# List indexing and item assignment: in range, negative, out of range, other types.
a = []
a.append(10)
a.append(20)
print(a[0], a[1], a[-1], a[-2])
for i in (2, 3, 7, -3, 1 << 40):
    try:
        print(a[i])
    except IndexError as e:
        print("IndexError", e)
    try:
        a[i] = 0
    except IndexError:
        print("IndexError on store")
a[1] = 25
a[-2] += 5
print(a)
b = [0] * 8
for i in range(8):
    b[i] = i * i
for i in range(8):
    b[i] += b[7 - i]
print(b, b[True], b[False])


class G:
    def __getitem__(self, i):
        return i * 2

    def __setitem__(self, i, v):
        print("set", i, v)


def get(x, i):
    return x[i]


def put(x, i, v):
    x[i] = v


for obj in ((1, 2, 3), "abc", b"xyz", bytearray(b"pq"), {0: "zero", 1: "one"}, G(), range(3)):
    print(get(obj, 1))
put(G(), 4, "v")
d = {}
put(d, 3, "three")
ba = bytearray(3)
put(ba, 2, 255)
print(d, ba)
try:
    get(5, 0)
except TypeError:
    print("TypeError")
try:
    put((1,), 0, 1)
except TypeError:
    print("TypeError")
try:
    get([1], "x")
except TypeError:
    print("TypeError")
