# calling a function with too many positional arguments
def add(a, b):
    return a + b

def caller():
    print(add(1, 2))
    return add(1, 2, 3)

caller()
print("unreachable")
