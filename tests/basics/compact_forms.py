# function bodies in the forms compact bytecode covers (every operation of the stack
# VM): the same output native, as compact bytecode, and under CPython


class Box:
    def __init__(self, v):
        self.v = v
        self.items = [v, v + 1, v + 2]


def chains(a, b, c):
    out = []
    out.append(a < b < c)
    out.append(a < b > c)
    out.append(a == b == c)
    out.append(1 < a <= b < c <= 10)
    out.append(a is None or b is not None)
    out.append(not a and b or c)
    if a < b and not b > c or c == 0:
        out.append("then")
    elif a or b:
        out.append("elif")
    else:
        out.append("else")
    x = a if a > b else b if b > c else c
    out.append(x)
    return out


def loops(n):
    total = 0
    for i in range(n):
        if i == 3:
            continue
        if i == 7:
            break
        total += i
    else:
        total = -1
    for j in range(2):
        pass
    else:
        total += 100
    k = 0
    while k < n:
        k += 2
        if k > 100:
            break
    else:
        total += 1000
    for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]:
        total += a * b - c
    return total, k


def containers(s):
    t = (1, 2.5, "x", b"\x00\xff", None, True, ...)
    d = {"a": 1, "b": [1, 2, 3], 3: {4, 5}}
    d["c"] = d["a"] + 1
    d["b"][1] += 10
    lst = [0] * 5
    lst[1:3] = [7, 8]
    first, second = [9] if False else [9, 10]
    return t, sorted(d.items(), key=str), lst, s[1:4], s[::-1], s[-2:], first, second


def attributes(n):
    b = Box(n)
    b.v += 5
    b.items[0] -= 1
    b.w = b.v * 2
    return b.v, b.w, b.items, getattr(b, "w")


def numbers(x):
    big = 123456789012345678901234567890
    y = x * 1.5 + 2e3 - 0.25
    z = (x << 40) | 0xFF
    c = 2j * x
    return big // 7, -big, y, z, z >> 39, -x, +x, ~x, x ** 2, x % 3, x // 2, x / 4, c


def calls(*args, sep="-", **kw):
    words = []
    for a in args:
        words.append(str(a))
    return sep.join(words) + ":" + ",".join(sorted(kw))


def strings(name, width):
    return f"<{name}>", f"{name!r:>{width}}", f"{width:04d}|{width * 2.5:.2f}|{name.upper()}"


def unbound(flag):
    if flag:
        v = 1
    return v


def deleted():
    v = 5
    del v
    return v


def catch(f, *args):
    try:
        return f(*args)
    except NameError:
        return "unbound"


def raises(k):
    if k == 0:
        raise ValueError("zero")
    if k == 1:
        raise KeyError(k) from None
    return 10 // (k - 2)


print(chains(1, 2, 3), chains(3, 2, 1), chains(2, 2, 2), chains(0, 0, 5))
print(loops(10), loops(5), loops(0))
print(containers("abcdef"))
print(attributes(3))
print(numbers(5), numbers(-7))
print(calls(1, 2, 3), calls("a", sep="+", z=1, y=2), calls())
print(strings("ab", 6))
print(unbound(True), catch(unbound, False), catch(deleted))
for k in range(4):
    try:
        print(raises(k))
    except Exception as e:
        print(type(e).__name__, e.args if k < 2 else "")
