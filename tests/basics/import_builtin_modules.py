# Importing builtin modules: plain, aliased, from-imports, module attributes.
import math
import math as m2
from math import sqrt, floor as fl, pi

print(math.sqrt(16.0), sqrt(9.0), fl(2.5), m2 is math)
print(pi == math.pi, math.e > 2.7, type(math).__name__)
print(math.floor(-0.5), math.ceil(0.25), math.trunc(-3.75), math.fabs(-2.0))
print(math.isnan(math.sqrt(4.0)), math.isinf(1e300 * 1e300), math.pow(2.0, 10.0))


def area(r):
    return math.pi * r * r


print(round(area(1.0), 3))
math.answer = 42
print(math.answer, hasattr(math, "answer"), hasattr(math, "nothing"))
try:
    math.nothing
except AttributeError:
    print("AttributeError")
try:
    from math import nothing
except ImportError:
    print("ImportError")
import math as again

print(again.answer)
