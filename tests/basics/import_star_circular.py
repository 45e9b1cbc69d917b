# `from m import *` (with and without __all__), circular imports, missing modules.
from _star_all import *
from _star_plain import *
print(shown, also, a, f())
try:
    print(hidden)
except NameError:
    print("hidden is not imported")
try:
    print(_b)
except NameError:
    print("_b is not imported")
import _circ_a
print(_circ_a.get())
try:
    import _no_such_module
except ImportError:
    print("ImportError for a missing module")
try:
    from _no_such_package.x import y
except ImportError:
    print("ImportError again")
