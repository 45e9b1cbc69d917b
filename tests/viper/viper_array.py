# array.array data in viper code: ptr32/ptr16/ptr8 over an array (buffer protocol).
import micropython
import array


@micropython.viper
def scale(buf: ptr32, n: int, k: int):
    for i in range(n):
        buf[i] = buf[i] * k


@micropython.viper
def total16(buf: ptr16, n: int) -> int:
    s = 0
    for i in range(n):
        s += buf[i]
    return s


@micropython.viper
def first_byte(o) -> int:
    p = ptr8(o)
    return p[0]


a = array.array("i", [1, 2, 3, -4])
scale(a, 4, 3)
print(a)
h = array.array("H", [1000, 2000, 65535])
print(total16(h, 3))
print(first_byte(array.array("I", [0x1234])))
