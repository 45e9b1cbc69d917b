# UnboundLocalError on every path where a local may be unassigned (the compiler drops
# the test only where the local is assigned on every path).


def cond(flag):
    if flag:
        x = 1
    return x


def loop(n):
    for i in range(n):
        last = i
    return last


def second_round():
    out = []
    for k in range(3):
        if k == 1:
            out.append(y)
        y = k * 10
    return out


def deleted():
    z = 5
    del z
    return z


def failed_assign():
    try:
        w = 1 // 0
    except ZeroDivisionError:
        pass
    return w


def while_loop(n):
    while n > 0:
        n -= 1
        v = n
    return v


def assigned_everywhere(flag):
    if flag:
        a = 1
    else:
        a = 2
    b = a
    for _ in range(3):
        b = b + a
    return b


for f, arg in ((cond, True), (cond, False), (loop, 3), (loop, 0), (while_loop, 2), (while_loop, 0), (assigned_everywhere, True), (assigned_everywhere, False)):
    try:
        print(f(arg))
    except NameError:  # UnboundLocalError in CPython, NameError in MicroPython
        print("unbound")
for f in (second_round, deleted, failed_assign):
    try:
        print(f())
    except NameError:  # UnboundLocalError in CPython, NameError in MicroPython
        print("unbound")


# Builtins looked up by name: a module global of that name wins, also when it is made
# after the first use, and the builtin is back after `del`.
def size(s):
    return len(s)


print(size("abc"))
len = lambda s: "shadowed"
print(size("abc"))
del len
print(size("abc"))
try:
    print(undefined_name)
except NameError:
    print("NameError")
undefined_name = 7
print(undefined_name)


# Names built at run time find entries made under interned names (equal hashes).
class P:
    alpha = 1


d = {"key": 1, "other": 2}
k = "".join(["k", "e", "y"])
print(d[k], k in d, getattr(P, "al" + "pha"), {k: 3}["key"])
