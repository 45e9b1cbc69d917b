# try/except/else, `except E as e`, raise, bare raise, raise-from inside viper functions,
# and exceptions crossing viper and Python frames. `a // 0` raises MicroPython's
# "divide by zero"; nested(5) = 100 + 100 + 0 + 2 + 4.
import micropython

@micropython.viper
def safe_div(a: int, b: int) -> int:
    try:
        return int(a // b)
    except ZeroDivisionError as e:
        print("caught:", e)
        return -1

@micropython.viper
def check(x: int) -> int:
    if x < 0:
        raise ValueError("negative")
    return x * 2

@micropython.viper
def outer(x: int) -> int:
    try:
        r = check(x)
    except (TypeError, ValueError) as err:
        print("outer caught", type(err).__name__, err)
        r = 0
    else:
        print("no error")
    return r

@micropython.viper
def rethrow(x: int) -> int:
    try:
        check(x)
    except ValueError:
        print("rethrowing")
        raise
    return 1

@micropython.viper
def chained():
    try:
        check(-5)
    except ValueError as e:
        raise RuntimeError("wrapped") from e

@micropython.viper
def nested(n: int) -> int:
    total = 0
    for i in range(n):
        try:
            try:
                total += check(i - 2)
            except KeyError:
                print("never")
        except ValueError:
            total += 100
    return total

print(safe_div(7, 2), safe_div(1, 0))
print(outer(3), outer(-1))
try:
    rethrow(-1)
except ValueError as e:
    print("main got", e)
try:
    chained()
except RuntimeError as e:
    print("main got", e, repr(e.__cause__))
print(nested(5))
