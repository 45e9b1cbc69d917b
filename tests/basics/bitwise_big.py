# & | ^ ~ on big ints, positive and negative, mixed with small ints
a = (1 << 100) + 12345
b = (1 << 80) - 1
print(a & b, a | b, a ^ b)
print(~a, ~b, ~~a == a)
print(-a & b, -a | b, -a ^ b)
print(a & -b, a | -b, a ^ -b)
print(-a & -b, -a | -b, -a ^ -b)
print(a & 255, a | 255, a ^ 255, -a & 255, -a | 255, -a ^ 255)
print(a & -1 == a, a | 0 == a, a ^ a, a ^ -1 == ~a)
mask = (1 << 64) - 1
print(-1 & mask, -2 & mask, ~0 & mask, (1 << 64) & mask)
print((-(1 << 62)) & mask, (-(1 << 30)) & mask)
x = 2 ** 200 - 1
y = 3 ** 100
print(x & y == y, x ^ y, x | y == x)
print((x ^ y) ^ y == x)
print(-(2 ** 70) & (2 ** 70 + 2 ** 69), -(2 ** 70) | 1)
c = 0
for i in range(0, 200, 3):
    c |= 1 << i
print(c)
c &= ~(1 << 99)
print(c)
c ^= c >> 1
print(c)
print(~(1 << 30), ~(1 << 62), ~(-(1 << 30)), ~(-(1 << 62)))
print(((1 << 30) | (1 << 30)) == (1 << 30), ((1 << 62) ^ 1) - 1 == (1 << 62))
