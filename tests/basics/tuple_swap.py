# flat tuple assignment of names
a = 1
b = 2
a, b = b, a
print(a, b)
x = 10
y = 20
z = 30
x, y, z = z, x, y
print(x, y, z)
x, y, z = y, z, x
print(x, y, z)
p = 2 ** 100
q = -5
p, q = q, p
print(p, q)
s = "left"
t = "right"
s, t = t, s
print(s, t)
def gcd(m, n):
    while n:
        r = m % n
        m, n = n, r
    return m
print(gcd(1071, 462), gcd(2 ** 80, 6 ** 40))
u = 0
v = 1
for i in range(10):
    w = u + v
    u, v = v, w
    print(u, end=" ")
print("")
a, b = a, b
print(a, b)
