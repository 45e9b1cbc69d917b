# ptr8/ptr16/ptr32 loads and stores on RAM at an integer address (the bottom of the
# pyboard's stack region, below the stack limit), truncating stores, 32-bit wrapping.
import micropython

SCRATCH = const(0x20018000)


@micropython.viper
def ptrs() -> int:
    p8 = ptr8(SCRATCH)
    p16 = ptr16(SCRATCH)
    p32 = ptr32(SCRATCH)
    p32[0] = 0
    p32[1] = 0
    p8[0] = 0x1FF
    p8[1] = 2
    p16[1] = 0x12345
    p8[4] += 7
    p8[4] *= 3
    return p32[0]


@micropython.viper
def wrap() -> uint:
    x = 0x7FFFFFFF
    return uint(x + x + 1)


@micropython.viper
def wrap_int() -> int:
    x = 0xFFFFFFFF
    return x


@micropython.viper
def shifts(a: uint, b: int) -> int:
    return int(a >> 28) * 100 + (b >> 28)


print(hex(ptrs()))
print(wrap(), wrap_int())
print(shifts(0xF0000000, 0xF0000000))
