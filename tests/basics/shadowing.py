# locals shadowing globals
x = 10
y = 20

def f():
    x = 1
    return x + y

def g(x):
    x = x * 2
    return x

def h(y):
    return x + y

def k():
    y = "local"
    x = "also local"
    print(x, y)

def assign_later(n):
    r = x
    if n > 0:
        r = n
    return r

print(f(), x)
print(g(5), x)
print(h(5), y)
k()
print(x, y)
print(assign_later(0), assign_later(7))

def loop_var():
    total = 0
    for x in range(5):
        total += x
    return total + x

print(loop_var(), x)
for y in range(3):
    pass
print(y)

def param_same_as_func(f):
    return f + 1

print(param_same_as_func(41))

def swap_locals(x, y):
    x, y = y, x
    return x - y

print(swap_locals(1, 10), x, y)
