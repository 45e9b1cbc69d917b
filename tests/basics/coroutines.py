# async def / await / async for / async with, driven by a small scheduler.


class Suspend:
    """An awaitable that suspends once, handing `tag` to the driver."""

    def __init__(self, tag, result=None):
        self.tag = tag
        self.result = result

    def __await__(self):
        got = yield self.tag
        return (self.result, got)


def run(coro, replies=()):
    """Drives a coroutine to completion, sending `replies` in turn."""
    replies = list(replies)
    value = None
    while True:
        try:
            request = coro.send(value)
        except StopIteration as e:
            print("result:", e.value)
            return e.value
        print("request:", request)
        value = replies.pop(0) if replies else None


async def add(a, b):
    return a + b


async def compute():
    x = await add(1, 2)
    r, got = await Suspend("io", 10)
    print("awaited", r, got)
    y = await add(x, r)
    return y


c = compute()
print(type(c).__name__)
run(c, ["reply"])

try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)


async def failing():
    await Suspend("before failure")
    raise ValueError("bad")


async def catcher():
    try:
        await failing()
    except ValueError as e:
        print("caught", e)
        return "recovered"


run(catcher())


# throw() and close() into a suspended coroutine.
async def waiter():
    try:
        await Suspend("wait")
    except KeyError as e:
        print("waiter got", repr(e))
        return "handled"
    finally:
        print("waiter finally")


w = waiter()
print(w.send(None))
try:
    w.throw(KeyError("k"))
except StopIteration as e:
    print("stopped with", e.value)

w = waiter()
w.send(None)
w.close()
print("closed")


# async with and async for.
class Resource:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print("open", self.name)
        await Suspend("opening " + self.name)
        return self

    async def __aexit__(self, t, v, tb):
        await Suspend("closing " + self.name)
        print("close", self.name, t.__name__ if t else None)
        return False


class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await Suspend("tick %d" % self.i)
        return self.i * 10


async def main():
    async with Resource("db") as r:
        print("using", r.name)
        total = 0
        async for v in Ticker(3):
            total += v
            print("got", v)
        else:
            print("ticker done")
    try:
        async with Resource("file"):
            raise IndexError("inside")
    except IndexError as e:
        print("IndexError", e)
    async for v in Ticker(5):
        if v > 20:
            break
        print("early", v)
    return total


run(main())


# Coroutines as closures and methods, awaiting each other.
class Account:
    def __init__(self):
        self.balance = 0

    async def deposit(self, n):
        await Suspend("deposit %d" % n)
        self.balance += n
        return self.balance


def make_job(account, amounts):
    async def job():
        results = []
        for a in amounts:
            results.append(await account.deposit(a))
        return results

    return job


acct = Account()
run(make_job(acct, [5, 7])())
print(acct.balance)


# A round-robin scheduler over several coroutines.
async def worker(name, n):
    for i in range(n):
        await Suspend(name)
    return name + " finished"


tasks = [worker("a", 2), worker("b", 3), worker("c", 1)]
order = []
while tasks:
    t = tasks.pop(0)
    try:
        order.append(t.send(None))
        tasks.append(t)
    except StopIteration as e:
        order.append(e.value)
print(order)
