# viper -> viper call overhead: the same loop with the increment in a callee and inline.
import micropython

N = const(1000)


@micropython.viper
def inc(x: int) -> int:
    return x + 1


@micropython.viper
def calls(n: int) -> int:
    x = 0
    for i in range(n):
        x = inc(x)
    return x


@micropython.viper
def inline(n: int) -> int:
    x = 0
    for i in range(n):
        x = x + 1
    return x


print("calls", calls(N), inline(N))
