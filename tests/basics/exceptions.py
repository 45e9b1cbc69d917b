# try/except/else/finally, raise, exception objects, return/break/continue through finally.
def div(a, b):
    return a // b

for b in [2, 0]:
    try:
        r = div(10, b)
    except ZeroDivisionError as e:
        print("caught", type(e).__name__)
    else:
        print("no error", r)
    finally:
        print("finally", b)

try:
    raise ValueError("bad", 42)
except (TypeError, ValueError) as e:
    print("tuple match", e.args, str(e))

try:
    [1, 2][5]
except IndexError:
    print("index")

try:
    {}["k"]
except KeyError as e:
    print("key", repr(e))

try:
    try:
        raise TypeError("inner")
    finally:
        print("inner finally")
except TypeError as e:
    print("outer caught", e)

def f():
    try:
        return "from try"
    finally:
        print("f finally")

print(f())

def g():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("g body", i)
        finally:
            print("g finally", i)
    return "g done"

print(g())

def reraise():
    try:
        raise KeyError("again")
    except KeyError:
        print("handling")
        raise

try:
    reraise()
except KeyError as e:
    print("reraised", e)

try:
    raise RuntimeError
except RuntimeError as e:
    print("class raised", repr(e), e.args)

try:
    assert 1 + 1 == 3, "math"
except AssertionError as e:
    print("assert", e)

try:
    raise ValueError("x") from None
except ValueError as e:
    print("from none", e)

def nested(n):
    if n == 0:
        raise LookupError("deep")
    return nested(n - 1)

try:
    nested(5)
except Exception as e:
    print(isinstance(e, LookupError), isinstance(e, Exception), type(e).__name__)
print("end")
