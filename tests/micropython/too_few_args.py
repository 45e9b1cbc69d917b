# calling a function with too few positional arguments, from module level
def add(a, b):
    return a + b

print(add(20, 22))
print(add(1))
print("unreachable")
