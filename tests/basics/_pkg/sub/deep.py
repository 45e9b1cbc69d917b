print("init", __name__)
from . import LEVEL
from .. import util
print(util.helper(LEVEL))
