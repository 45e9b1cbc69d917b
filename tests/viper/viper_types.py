# Viper return conversions, casts, bools, objects mixed with native ints, printing natives.
import micropython


@micropython.viper
def ret_bool(x: int) -> bool:
    return x


@micropython.viper
def ret_obj(x: int):
    return x * 2


@micropython.viper
def ret_none(x: int):
    y = x + 1


@micropython.viper
def cast_from_obj(o) -> int:
    return int(o) + 1


@micropython.viper
def to_bool(o) -> bool:
    return bool(o)


@micropython.viper
def obj_math(o, n: int):
    return o + n


@micropython.viper
def show(n: int):
    x = n * 2
    b = x > 10
    print("x =", x, "big:", b, not b)
    u = uint(n)
    print(u, int(u) - 1)


@micropython.viper
def big_ret(n: int) -> int:
    return n << 40 if n < 0 else n


@micropython.viper
def helper(a: int, b: uint) -> int:
    return a - int(b)


@micropython.viper
def caller(n: int) -> int:
    t = 0
    for i in range(n):
        t += helper(i, 1)
    return t


@micropython.viper
def pick(a: int, b: int) -> int:
    return a if a > b else b


@micropython.viper
def andor(a: int, b: int) -> int:
    return (a and b) + (a or b) * 10


def plain(n):
    return n * 100


@micropython.viper
def calls_plain(n: int):
    return plain(n) + 1


@micropython.viper
def annotated(n: int) -> int:
    acc: int = 0
    k: uint = 3
    while n > 0:
        acc += int(k)
        n -= 1
    return acc


print(ret_bool(0), ret_bool(5))
print(ret_obj(21), ret_none(1))
print(cast_from_obj(41), cast_from_obj(True))
print(to_bool(0), to_bool(7), to_bool("x"), to_bool(""))
print(obj_math(10, 5))
show(3)
show(7)
print(caller(10))
print(pick(3, 9), pick(9, 3))
print(andor(0, 5), andor(4, 5), andor(4, 0))
print(calls_plain(3))
print(annotated(5))
print(big_ret(5))
