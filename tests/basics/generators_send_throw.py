# send/throw/close, try/finally and with around yields, yield from delegation.


def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    return received


g = echo()
print(next(g))
print(g.send("a"), g.send("b"))
try:
    g.send(None)
except StopIteration as e:
    print("returned", e.value)
try:
    g.send(1)
except StopIteration as e:
    print("exhausted", e.value)


def running_avg():
    total = 0.0
    n = 0
    avg = None
    while True:
        v = yield avg
        total += v
        n += 1
        avg = total / n


r = running_avg()
next(r)
for v in [10, 20, 30, 40]:
    print(r.send(v))

g = echo()
try:
    g.send(5)
except TypeError as e:
    print("TypeError")


def guarded():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("caught", e)
        yield 3
    finally:
        print("cleanup")
    yield 4


g = guarded()
print(next(g))
print(g.throw(ValueError("boom")))
print(next(g))
print(next(g, "done"))

g = guarded()
print(next(g))
try:
    g.throw(KeyError)
except KeyError as e:
    print("propagated KeyError", repr(e))
print(next(g, "finished"))

g = guarded()
print(next(g))
g.close()
print("closed")
print(next(g, "after close"))
g.close()

g = guarded()
g.close()
print(next(g, "never started"))


def stubborn():
    n = 0
    while True:
        try:
            yield "x"
        except GeneratorExit:
            n += 1
            if n > 1:
                print("giving up")
                return
            print("ignoring GeneratorExit")


g = stubborn()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)
g.close()


def polite():
    try:
        yield 1
    except GeneratorExit:
        print("exiting")
        raise


g = polite()
next(g)
g.close()


class Ctx:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self.name

    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return t is KeyError


def with_gen():
    with Ctx("a") as a:
        yield a
        with Ctx("b") as b:
            yield a + b
    yield "after"


print(list(with_gen()))
g = with_gen()
next(g)
next(g)
print(g.throw(KeyError("swallowed")))
g = with_gen()
next(g)
try:
    g.throw(IndexError("not swallowed"))
except IndexError as e:
    print("IndexError", e)


# yield from: values, send/throw pass-through, return value.
def inner():
    x = yield "inner-1"
    print("inner got", x)
    try:
        y = yield "inner-2"
        print("inner got", y)
    except ValueError as e:
        print("inner caught", e)
        y = "recovered"
    yield "inner-3"
    return "inner-result-" + str(y)


def outer():
    r = yield from inner()
    print("outer got", r)
    r2 = yield from [10, 20]
    print("list gave", r2)
    yield from range(2)
    return "outer-done"


g = outer()
print(next(g))
print(g.send("hello"))
print(g.throw(ValueError("oops")))
print(next(g))
print(next(g))
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)

g = outer()
next(g)
g.send(1)
print(g.send(2))
g.close()
print(next(g, "outer closed"))


def deep(n):
    if n == 0:
        yield "bottom"
        return 0
    r = yield from deep(n - 1)
    yield n
    return r + n


g = deep(4)
print(list(g))


def total_of(gen):
    t = yield from gen
    return t


def run(g):
    while True:
        try:
            next(g)
        except StopIteration as e:
            return e.value


print(run(total_of(deep(3))))


def reentrant():
    yield next(me)


me = reentrant()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)


def raises_stop():
    yield 1
    raise StopIteration


try:
    print(list(raises_stop()))
except RuntimeError as e:
    print("RuntimeError:", e)


def return_in_finally():
    try:
        yield 1
        return "from try"
    finally:
        print("finally runs")


g = return_in_finally()
next(g)
try:
    next(g)
except StopIteration as e:
    print("value", e.value)


def yield_in_finally():
    try:
        yield "body"
    finally:
        yield "finally"
    yield "end"


print(list(yield_in_finally()))


def except_reraise():
    try:
        yield 1
    except ValueError:
        yield "handled"
        raise


g = except_reraise()
next(g)
print(g.throw(ValueError("again")))
try:
    next(g)
except ValueError as e:
    print("re-raised", e)


# Expression forms of yield.
def forms():
    a = yield
    print("a =", a)
    b = (yield 1) + 10
    print("b =", b)
    c = [(yield 2), (yield 3)]
    print("c =", c)
    print("print arg:", (yield 4))
    d = 100 + (yield 5)
    print("d =", d)
    e = str((yield 6))
    print("e =", e)
    return (yield 7)


g = forms()
out = [next(g)]
for v in range(1, 9):
    try:
        out.append(g.send(v))
    except StopIteration as e:
        out.append(("stop", e.value))
print(out)
