# + - * on small ints, including negatives and zero
a = 7
b = 3
print(a + b, a - b, a * b)
print(b - a, -a - b, -a * b, -a * -b)
print(0 + 0, 0 - 0, 0 * 12345, 12345 * 0)
i = -4
while i <= 4:
    j = -3
    while j <= 3:
        print(i, j, i + j, i - j, i * j)
        j += 1
    i += 1
print(1 + 2 * 3, (1 + 2) * 3, 10 - 4 - 3, 10 - (4 - 3))
print(2 * 3 + 4 * 5 - 6 * 7)
print(100 - 1 - 1 - 1, -(-5), +7, +(-7), - - 3)
total = 0
for k in range(1, 101):
    total = total + k * k - k
print(total)
