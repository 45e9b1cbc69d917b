# Packages, relative imports, submodules as attributes.
import _pkg
print(_pkg.VERSION, _pkg.Thing(4), _pkg.util.helper(3))
import _pkg.sub.deep
print(_pkg.sub.LEVEL, _pkg.sub.deep.LEVEL, _pkg.sub.deep.__name__)
from _pkg.sub import deep as d2
print(d2 is _pkg.sub.deep)
from _pkg import core, sub
print(core.Thing(1), sub.VERSION)
import _pkg.core as pc
print(pc is core, pc.__name__)
