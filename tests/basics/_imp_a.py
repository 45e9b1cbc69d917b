# A module imported by import_modules.py.
print("loading", __name__)
COUNT = 3
_private = 1


def double(x):
    return 2 * x


def get_count():
    return COUNT


def call_hook():
    return hook()


def hook():
    return "original hook"


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self):
        self.n += COUNT
        return self.n
