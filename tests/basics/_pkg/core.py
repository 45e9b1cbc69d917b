print("init", __name__)
from .util import helper


class Thing:
    def __init__(self, n):
        self.n = helper(n)

    def __repr__(self):
        return "Thing(%d)" % self.n
