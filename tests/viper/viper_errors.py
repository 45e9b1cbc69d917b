# A viper function raising at run time: a bad conversion and a division by zero.
import micropython


@micropython.viper
def div(a: int, b: int) -> int:
    return a // b


@micropython.viper
def conv(o) -> int:
    return int(o)


@micropython.viper
def outer(a: int, b: int) -> int:
    return div(a, b) + 1


print(div(7, 2))
print(outer(9, 3))
print(conv(5))
print(outer(1, 0))
