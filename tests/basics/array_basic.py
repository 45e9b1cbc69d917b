import array

a = array.array("i", [1, 2, 3])
print(a, len(a), a[0], a[-1], a[1:], a[::-1], a[5:])
print(array.array("b"), array.array("d"), array.array("H", []))
a.append(4)
a.extend([5, 6])
a.extend(array.array("i", [7]))
print(a, a.typecode, a.itemsize)
a[0] = -10
a[-1] = 70
print(a, 3 in a, 99 in a, 99 not in a)
print(list(a), [x * 2 for x in a], sum(a))
b = a[2:5]
b[0] = 100
print(a, b)
print(a + array.array("i", [8, 9]))
c = a
c += array.array("i", [11])
print(a is c, a)
print(array.array("b", [1, 2]) * 2, 2 * array.array("B", [3]))
print(a == array.array("i", list(a)), a == a[:-1], a != b, a == [1, 2])
print(array.array("i", [1, 2]) < array.array("i", [1, 3]), array.array("b", [1]) == array.array("h", [1]))
print(array.array("f", [1.5, -0.25]), array.array("d", [2.5, 0.125]), array.array("f", [3]))
print(array.array("B", b"\x01\x02\x03"), array.array("h", bytearray(b"\x01\x00\xff\xff")))
print(array.array("h", array.array("b", [-1, 2])), array.array("q", range(3)))
print(array.array("i", [1, 2]).tobytes(), bytes(array.array("H", [1, 258])))
print(array.array("I", [4000000000]), array.array("Q", [2 ** 64 - 1]), array.array("q", [-(2 ** 63)]))
print(bytes(memoryview(array.array("h", [-2, 3]))))
print(array.array("b", (x for x in range(-3, 3))))
d = array.array("i", [5, 6, 7, 8, 9])
del d[1]
print(d)
del d[1:3]
print(d)
d[0:1] = array.array("i", [1, 2, 3])
print(d)
d[::2] = array.array("i", [0, 0])
print(d)
d.insert(0, 42)
d.insert(-1, 43)
d.insert(100, 44)
print(d, d.pop(), d.pop(0), d)
d.reverse()
print(d, d.index(0), d.count(0), d.tolist())
d.remove(0)
print(d)
d.frombytes(bytes(array.array("i", [77])))
print(d)
for x in array.array("H", [10, 20]):
    print(x)

def err(f):
    try:
        f()
        print("no error")
    except OverflowError:
        print("OverflowError")
    except (TypeError, ValueError, IndexError) as e:
        print(type(e).__name__)

err(lambda: array.array("b", [128]))
err(lambda: array.array("b", [-129]))
err(lambda: array.array("B", [-1]))
err(lambda: array.array("B", [256]))
err(lambda: array.array("h", [40000]))
err(lambda: array.array("H", [70000]))
err(lambda: array.array("i", [2 ** 31]))
err(lambda: array.array("I", [-1]))
err(lambda: array.array("q", [2 ** 63]))
err(lambda: array.array("Q", [-1]))
e = array.array("b", [0])
err(lambda: e.append(200))
print(e)
def setitem(v):
    e[0] = v
err(lambda: setitem(-200))
err(lambda: setitem(1.5))
err(lambda: array.array("i", ["x"]))
err(lambda: array.array("f", ["x"]))
err(lambda: array.array("z"))
err(lambda: array.array("i", "abc"))
err(lambda: array.array("i", b"abc"))
err(lambda: e[5])
err(lambda: array.array("i").pop())
err(lambda: array.array("i") + [1])
err(lambda: e.extend(array.array("h", [1])))
err(lambda: e.index(9))
