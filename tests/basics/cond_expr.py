# conditional expressions
def sign(n):
    return 1 if n > 0 else -1 if n < 0 else 0

def describe(n):
    return "big" if n > 2 ** 62 else "medium" if n > 2 ** 30 else "small"

for i in range(-3, 4):
    print(i, sign(i))
print(sign(2 ** 100), sign(-(2 ** 100)), sign(0))
print(describe(5), describe(2 ** 31), describe(2 ** 63))
def loud(x):
    print("evaluated", x)
    return x
print(loud(1) if True else loud(2))
print(loud(1) if False else loud(2))
print(loud(3) if loud(0) else loud(4))
a = 7
b = 9
m = a if a > b else b
print(m)
print("even" if a % 2 == 0 else "odd", "even" if b % 2 == 0 else "odd")
print((10 if a < b else 20) + 1, 10 if a > b else 20 + 1)
v = None
print("none" if v is None else "value", "x" if v is not None else "y")
print(1 if "" else 2, 1 if "s" else 2, 1 if 0 else 2)
