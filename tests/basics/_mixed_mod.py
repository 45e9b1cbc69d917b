# module for import_mixed.py: closures, generators, classes and exceptions that cross
# between native and bytecode code when the two are compiled differently


def make_counter(start):
    count = start

    def bump(step=1):
        nonlocal count
        count += step
        return count

    return bump


def evens(limit):
    n = 0
    while n < limit:
        yield n
        n += 2
    return "done"


class Shape:
    def __init__(self, name, sides):
        self.name = name
        self.sides = sides

    def describe(self):
        return "%s has %d sides" % (self.name, self.sides)

    def __eq__(self, other):
        return isinstance(other, Shape) and self.sides == other.sides


class ShapeError(ValueError):
    pass


def check(shape):
    if shape.sides < 3:
        raise ShapeError("too few sides: " + str(shape.sides))
    return shape.describe()


def apply(f, *args, **kwargs):
    return f(*args, **kwargs)


def total(xs, key=lambda x: x):
    return sum(key(x) for x in xs)
