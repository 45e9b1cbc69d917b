# division by zero two calls deep: the traceback has 3 frames
def f(a, b):
    return a // b

def g(x):
    print("g", x)
    return f(x, 0) + 1

print("start")
g(7)
print("unreachable")
