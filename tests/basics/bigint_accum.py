# big ints as loop accumulators
s = 0
for i in range(1, 201):
    s += i ** 10
print(s)
prod = 1
i = 1
while i < 100:
    prod *= i
    i += 2
print(prod)
alt = 0
for k in range(60):
    if k % 2 == 0:
        alt += 3 ** k
    else:
        alt -= 3 ** k
print(alt)
x = 1
for k in range(100):
    x = x * 1000003 % (2 ** 127 - 1)
print(x)
h = 0
for k in range(500):
    h = (h * 31 + k) ^ (h >> 7)
print(h)
acc = 2 ** 200
for k in range(200):
    acc -= 2 ** k
print(acc)
acc2 = 0
for k in range(80):
    acc2 = acc2 * 10 + k % 10
print(acc2)
down = 10 ** 60
steps = 0
while down != 0:
    down //= 7
    steps += 1
print(steps)
