# A @micropython.viper kernel: Fletcher-16 over a bytearray through a ptr8 pointer,
# beside the same algorithm in plain Python. The viper version runs on machine words
# (no boxing, no overflow checks) and reads the buffer directly.
import micropython


@micropython.viper
def fletcher16(buf, n: int) -> int:
    p = ptr8(buf)
    a = 0
    b = 0
    for i in range(n):
        a = (a + p[i]) % 255
        b = (b + a) % 255
    return (b << 8) | a


@micropython.viper
def invert(buf, n: int):
    p = ptr8(buf)
    for i in range(n):
        p[i] = p[i] ^ 0xFF  # stores truncate to 8 bits


def fletcher16_py(data):
    a = b = 0
    for x in data:
        a = (a + x) % 255
        b = (b + a) % 255
    return (b << 8) | a


data = bytearray((i * 7 + 3) & 0xFF for i in range(1000))
print("viper :", hex(fletcher16(data, len(data))))
print("python:", hex(fletcher16_py(data)))
invert(data, len(data))
print("inverted:", data[:4], hex(fletcher16(data, len(data))))
print("abcde:", hex(fletcher16(b"abcde", 5)))
