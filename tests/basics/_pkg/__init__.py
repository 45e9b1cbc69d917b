# A package imported by import_package.py.
print("init", __name__)
VERSION = "1.0"
from .core import Thing
from . import util
