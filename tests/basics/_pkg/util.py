print("init", __name__)


def helper(n):
    return n * 10
