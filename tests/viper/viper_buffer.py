# Buffers in viper code: ptr8/ptr32 parameters and casts over bytearray, bytes and
# memoryview data (the buffer protocol gives the data pointer).
import micropython


@micropython.viper
def fill(buf: ptr8, n: int, v: int):
    for i in range(n):
        buf[i] = v + i


@micropython.viper
def sum8(buf: ptr8, n: int) -> int:
    s = 0
    for i in range(n):
        s += buf[i]
    return s


@micropython.viper
def set32(buf: ptr32, i: int, v: int):
    buf[i] = v


@micropython.viper
def upper(o, n: int):
    p = ptr8(o)
    for i in range(n):
        c = p[i]
        if c >= 97 and c <= 122:
            p[i] = c - 32


ba = bytearray(8)
fill(ba, 5, 65)
print(ba)
print(sum8(ba, 8), sum8(b"\x01\x02\x03", 3))
set32(ba, 1, 0x01020304)
print(ba)
t = bytearray(b"hello, world")
upper(t, 5)
print(t)
upper(memoryview(t)[7:], 5)
print(t)
try:
    upper(None, 1)
except TypeError:
    print("TypeError")
