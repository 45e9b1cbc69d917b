# with statements: __enter__/__exit__, multiple items, swallowed exceptions, return/break/continue through with.
class Ctx:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None, v)
        return self.swallow
with Ctx("a") as x:
    print("body", x)
with Ctx("b", True):
    raise ValueError("swallowed")
print("after b")
try:
    with Ctx("c"), Ctx("d") as y:
        print("inner", y)
        raise KeyError("k")
except KeyError as e:
    print("caught", e)
def f():
    with Ctx("e"):
        return "returned"
print(f())
for i in range(3):
    with Ctx("loop" + str(i)):
        if i == 1:
            continue
        if i == 2:
            break
        print("i", i)
