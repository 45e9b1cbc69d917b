# Call overhead: a loop of calls of every common kind (plain functions with 0-3
# arguments, keyword arguments, defaults, a closure, a method, a bound method kept in a
# variable, a static method, *args) whose bodies do almost nothing.


def f0():
    return 1


def f1(a):
    return a


def f3(a, b, c):
    return a + b - c


def fdef(a, b=2):
    return a + b


def fstar(*args):
    return len(args)


def make_adder(n):
    def add(x):
        return x + n

    return add


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self, k):
        self.n += k
        return self.n

    @staticmethod
    def twice(x):
        return 2 * x


def run(n):
    add5 = make_adder(5)
    c = Counter()
    bump = c.bump
    total = 0
    for i in range(n):
        total += f0()
        total += f1(i)
        total += f3(i, 1, 2)
        total += fdef(i)
        total += fdef(a=i, b=3)
        total += fstar(i, i)
        total += add5(i)
        total += c.bump(1)
        total += bump(2)
        total += Counter.twice(i)
        total &= 0xFFFFFF
    return total, c.n


print("call_overhead", run(1500))
