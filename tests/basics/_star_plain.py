import sys
a = 10
_b = 20


def f():
    return a + _b
