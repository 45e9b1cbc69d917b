# Copies 1024 words with ptr32 loads and stores, then sums the copy.
import micropython

SCRATCH = const(0x20018000)
N = const(1024)


@micropython.viper
def fill(n: int):
    p = ptr32(SCRATCH)
    for i in range(n):
        p[i] = i * 3 + 1


@micropython.viper
def copy32(n: int):
    src = ptr32(SCRATCH)
    dst = ptr32(SCRATCH + 4096)
    for i in range(n):
        dst[i] = src[i]


@micropython.viper
def total(n: int) -> int:
    p = ptr32(SCRATCH + 4096)
    s = 0
    for i in range(n):
        s += p[i]
    return s


fill(N)
copy32(N)
print("copy32", total(N))
