# Allocate until the heap is exhausted, catch MemoryError, free, and carry on (CPython
# would not run out of memory here, so the expected output is hand-checked).
keep = []


def fill():
    caught = False
    try:
        while True:
            keep.append([0] * 256)
    except MemoryError:
        caught = True
    return caught


def reuse(n):
    again = []
    for i in range(n):
        again.append([i] * 256)
    ok = len(again) == n and sum(x[-1] for x in again) == sum(range(n))
    # Marking is conservative: a stale copy of `again` in some live stack slot would keep
    # every list in it alive. Emptying it makes the test measure recovery, not luck.
    again.clear()
    return ok


print("caught:", fill(), "filled:", len(keep) > 10)
n = len(keep)
keep.clear()
print("reallocated half:", reuse(n // 2))
print("caught again:", fill(), len(keep) > n // 2)
keep.clear()
s = "x" * 1000
print(len(s + s), reuse(n // 2))
