# Fletcher-style checksum over 4096 bytes of RAM at an integer address (ptr8).
import micropython

SCRATCH = const(0x20018000)
N = const(4096)


@micropython.viper
def fill(n: int):
    p = ptr8(SCRATCH)
    for i in range(n):
        p[i] = i * 7 + 3


@micropython.viper
def checksum8(n: int) -> int:
    p = ptr8(SCRATCH)
    a = 1
    b = 0
    for i in range(n):
        a = (a + p[i]) & 0xFFFF
        b = (b + a) & 0xFFFF
    return (b << 16) | a


fill(N)
print("checksum8", checksum8(N))
