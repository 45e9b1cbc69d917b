# bools behave as ints
print(True + 1, True + True, False + 0, True * 10, True - False, -True)
print(True == 1, False == 0, True != 2, True < 2, False < True)
print(True // 1, True % 2, True ** 5, 2 ** True, True << 4, 1024 >> True)
print(True & 3, True | 2, True ^ True, ~False)
t = 0
for i in range(10):
    t += i % 3 == 0
print(t)
c = 0
for i in range(100):
    c = c + (i * i % 7 == 2)
print(c)
print(True + 2 ** 100, 2 ** 100 * False, (2 ** 70 > 2 ** 69) + 1)
print(1 < 2, 1 > 2, True, False)
b = True
b = b + b
print(b)
x = 5 > 3
y = 5 < 3
print(x, y, x and y, x or y, not x)
