# try/finally in viper functions: the finally body runs on normal exit, exceptions, return, break and continue.
import micropython


@micropython.viper
def f(n: int) -> int:
    total = 0
    for i in range(n):
        try:
            if i == 2:
                continue
            if i == 5:
                break
            total += i
        finally:
            total += 100
    return total


@micropython.viper
def g(x: int) -> int:
    try:
        if x > 0:
            return x * 2
        raise ValueError("neg")
    except ValueError:
        print("caught")
        return -1
    finally:
        print("finally", x)


@micropython.viper
def h(x: int) -> int:
    try:
        try:
            return 10 // x
        finally:
            print("inner")
    finally:
        print("outer")


@micropython.viper
def k(x: int) -> int:
    try:
        return x
    finally:
        return 7


print(f(10))
print(g(3), g(-3))
print(h(2))
try:
    h(0)
except ZeroDivisionError:
    print("ZeroDivisionError")
print(k(1))
