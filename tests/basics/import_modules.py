# Importing a source module: body runs once, attributes are shared both ways.
import _imp_a
import _imp_a as alias
from _imp_a import double, COUNT as count
import sys

print(_imp_a.__name__, alias is _imp_a, __name__)
print(double(21), count, _imp_a.double(5))
print(_imp_a.get_count())
_imp_a.COUNT = 5
print(_imp_a.get_count(), _imp_a.COUNT, count)
c = _imp_a.Counter()
print(c.bump(), c.bump())
_imp_a.newattr = "x"
print(_imp_a.newattr)
print(_imp_a.call_hook())
_imp_a.hook = lambda: "replaced hook"
print(_imp_a.call_hook())
print("_imp_a" in sys.modules, sys.modules["_imp_a"] is _imp_a)
try:
    _imp_a.missing
except AttributeError:
    print("AttributeError")
try:
    from _imp_a import nothing_here
except ImportError:
    print("ImportError")
del _imp_a.newattr
print(hasattr(_imp_a, "newattr"))


def inner():
    import _imp_a as again
    from _imp_a import get_count

    return again is alias, get_count()


print(inner())
