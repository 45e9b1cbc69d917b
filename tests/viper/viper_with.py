# 'with' in viper functions: __exit__ runs on every way out and may swallow the exception.
import micropython


class CM:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return self.swallow


@micropython.viper
def f(n: int) -> int:
    total = 0
    with CM("a") as a, CM("b"):
        total += n
    for i in range(3):
        with CM("loop"):
            if i == 1:
                continue
            if i == 2:
                break
            total += 10
    with CM("swallow", True):
        raise ValueError("x")
    return total


@micropython.viper
def g(x: int) -> int:
    with CM("ret"):
        return x + 1


@micropython.viper
def h():
    with CM("propagate"):
        raise KeyError("k")


print(f(5))
print(g(1))
try:
    h()
except KeyError:
    print("KeyError")
