# Viper functions with five parameters, defaults, keyword-only parameters, *args and
# **kwargs (objects), keyword calls, and calls of Python functions and builtins.
# caller(10) = 20 + 30 + 50 + 70 + 12 + 19 + 3.
import micropython

@micropython.viper
def add5(a: int, b: int, c: int, d: int, e: int) -> int:
    return a + b + c + d + e

@micropython.viper
def scale(x: int, k: int = 3) -> int:
    return x * k

@micropython.viper
def kwo(x: int, *, shift: int = 1) -> uint:
    return uint(x) << shift

@micropython.viper
def star(a: int, *rest, **kw):
    print(a, rest, kw)

def pyfun(a, b=2):
    return a * 10 + b

@micropython.viper
def caller(n: int) -> int:
    s = add5(n, 1, 2, 3, 4)
    s += scale(n)
    s += scale(n, 5)
    s += scale(n, k=7)
    s += int(pyfun(1))
    s += int(pyfun(1, b=9))
    s += int(len("abc"))
    return s

print(add5(1, 2, 3, 4, 5), scale(4), scale(4, 2), scale(x=4, k=10))
print(kwo(3), kwo(3, shift=4))
print(star(1, 2, 3, z=4))
print(caller(10))
try:
    scale()
except TypeError as e:
    print("TypeError", e)
