# x is local to f (it is assigned in f), so reading it before assignment fails
x = 5

def f(flag):
    if flag:
        x = 1
    return x + 1

print(f(True))
print(f(False))
print("unreachable")
