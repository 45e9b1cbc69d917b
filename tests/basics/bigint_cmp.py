# comparisons between big ints, small ints and across signs
a = 2 ** 100
b = 2 ** 100 + 1
c = -(2 ** 100)
print(a < b, a <= b, a > b, a >= b, a == b, a != b)
print(b < a, b <= a, b > a, b >= a)
print(a == a, a == 2 ** 100, a != 2 ** 100, a <= a, a >= a)
print(c < a, c > a, c < 0, c < -1, c > -(2 ** 101), c == -a)
print(a > 5, 5 < a, a > -5, -a < 5, -a < -5, 5 > -a)
print(0 < a, 0 > c, 0 == a - a, a - a == 0, b - a == 1)
print(2 ** 62 < 2 ** 63 < 2 ** 64, 2 ** 64 > 2 ** 63 > 2 ** 62)
print(2 ** 30 > 2 ** 30 - 1, -(2 ** 30) < -(2 ** 30) + 1)
print(-(2 ** 62) - 1 < -(2 ** 62), 2 ** 62 > 2 ** 62 - 1)
print(10 ** 20 == 100000000000000000000, 10 ** 20 == 100000000000000000001)
print(3 ** 50 < 2 ** 80, 3 ** 51 < 2 ** 81, 3 ** 51 > 2 ** 80)
x = 1
n = 0
while x < 10 ** 40:
    x = x * 7
    n += 1
print(n, x)
y = -1
m = 0
while y > -(10 ** 40):
    y = y * 7
    m += 1
print(m, y, y == -x)
big = 12345678901234567890123456789
print(big // 1000000000 * 1000000000 + big % 1000000000 == big)
print(big > big - 1 > big - 2, big < big + 1 < big + 2, big - 1 < big + 1 != big)
