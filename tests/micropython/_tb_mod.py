# A module imported by import_traceback.py.
def fail(x):
    return 10 // x


def outer(x):
    return fail(x) + 1
