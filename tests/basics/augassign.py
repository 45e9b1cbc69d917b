# augmented assignment with every operator
x = 100
x += 5
print(x)
x -= 10
print(x)
x *= 3
print(x)
x //= 7
print(x)
x %= 13
print(x)
x **= 5
print(x)
x <<= 40
print(x)
x >>= 38
print(x)
x &= 255
print(x)
x |= 1024
print(x)
x ^= 7
print(x)
y = -17
y //= 5
print(y)
y %= 5
print(y)
z = 2 ** 62 - 1
z += 1
print(z)
z -= 1
print(z, z == 2 ** 62 - 1)
w = 1
for i in range(100):
    w *= 3
print(w)
for i in range(100):
    w //= 3
print(w)
s = "a"
s += "b"
s += "c" * 2
print(s)
def f(n):
    n += 1
    n *= n
    return n
print(f(9), f(-1), f(2 ** 31))
c = True
c += 1
print(c)
