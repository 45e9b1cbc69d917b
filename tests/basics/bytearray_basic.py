# bytearray: constructors, mutation, slice assignment, methods, repr.
a = bytearray(b"hello")
print(a, len(a), a[0], a[1:3], a[::-1], repr(bytearray()), bytearray(3), bytearray([1, 2]))
print(bytearray("hé", "utf-8"), bytearray(range(65, 70)), type(a).__name__, isinstance(a, bytearray))
a[0] = 72
a[-1] = ord("O")
print(a, a == b"HellO", b"HellO" == a, a != b"x", a < b"Z", a + b"!", b"<" + a, a * 2)
a[1:3] = b"EE"
print(a)
a[1:3] = b""
print(a)
a[1:1] = b"abc"
print(a)
a[:] = [120, 121, 122]
print(a)
a[::2] = b"XZ"
print(a)
del a[0]
print(a)
a.extend(b"123")
a.extend([52, 53])
a.append(54)
print(a)
del a[1:3]
print(a)
del a[::2]
print(a)
a.insert(0, 48)
a.insert(-1, 57)
a.insert(100, 33)
print(a, a.pop(), a.pop(0), a)
a.remove(ord("9"))
a.reverse()
print(a)
b = a.copy()
b[0] = 0
print(a, b, a is b)
a += b"++"
c = a
c += bytearray(b"!")
print(a, c is a)
a *= 2
print(a)
a.clear()
print(a, len(a), bool(a))
x = bytearray(b"abc")
x.extend(x)
x[1:] = x
print(x)
print(list(bytearray(b"\x01\x02")), bytearray(b"a b").split(), bytearray(b"aXb").replace(b"X", b"-"))
print(bytearray(b"  x ").strip(), bytearray(b"ab").upper(), bytearray(b"abc").find(b"c"), 97 in bytearray(b"a"))
print(bytes(bytearray(b"q")), bytearray(b"\xc3\xa9").decode(), bytearray(b"ab").hex())
for bad in range(6):
    try:
        if bad == 0:
            a[0] = 1
        elif bad == 1:
            bytearray(b"a")[0] = 256
        elif bad == 2:
            bytearray(b"a").pop(5)
        elif bad == 3:
            bytearray().pop()
        elif bad == 4:
            bytearray(b"a").remove(98)
        else:
            hash(bytearray(b"a"))
        print(bad, "no error")
    except (TypeError, ValueError, IndexError) as e:
        print(bad, type(e).__name__)


def index_edges():
    # Item access at and past both ends, on bytes and bytearray (the runtime's shortcut
    # for small-int indexes must raise exactly where the full path does).
    for seq in (b"\x00\x7f\x80\xff", bytearray(b"\x00\x7f\x80\xff")):
        print([seq[i] for i in range(-4, 4)])
        for i in (4, -5, 2 ** 40, -(2 ** 40), True, "1"):
            try:
                print(seq[i])
            except (IndexError, TypeError) as e:
                print(type(e).__name__)
    b = bytearray(4)
    for i, v in ((0, 255), (-1, 1), (3, 0), (4, 1), (-5, 1), (0, 256), (0, -1), (1, True), (2, "x")):
        try:
            b[i] = v
            print(i, v, list(b))
        except (IndexError, TypeError, ValueError) as e:
            print(i, v, type(e).__name__)


index_edges()
