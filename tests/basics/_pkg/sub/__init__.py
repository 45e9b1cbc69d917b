print("init", __name__)
from ..util import helper as h
from .. import VERSION

LEVEL = h(2)
