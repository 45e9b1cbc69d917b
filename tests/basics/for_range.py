# for over range with 1, 2 and 3 arguments, negative steps, empty ranges
for i in range(5):
    print(i, end=" ")
print("|")
for i in range(2, 7):
    print(i, end=" ")
print("|")
for i in range(-3, 3):
    print(i, end=" ")
print("|")
for i in range(0, 20, 3):
    print(i, end=" ")
print("|")
for i in range(10, 0, -1):
    print(i, end=" ")
print("|")
for i in range(10, -10, -4):
    print(i, end=" ")
print("|")
for i in range(-1, -20, -5):
    print(i, end=" ")
print("|")
for i in range(0):
    print("never")
for i in range(-5):
    print("never")
for i in range(5, 5):
    print("never")
for i in range(5, 2):
    print("never")
for i in range(2, 5, -1):
    print("never")
for i in range(0, 10, -1):
    print("never")
print("empty ranges ok")
for i in range(5):
    pass
else:
    print("else", i)
i = 99
for i in range(0):
    pass
else:
    print("else after empty, i still", i)
for i in range(7, 3, -2):
    print(i)
for i in range(1, 2):
    print("single", i)
for i in range(3, 2, -1):
    print("single neg", i)
total = 0
for i in range(1, 1001):
    total += i
print(total)
n = 4
for i in range(n):
    n = 100
    print(i, end=" ")
print("range evaluated once", n)
# range arguments stay within a 32-bit machine word (MicroPython's range
# does not accept bigger ints), but the loop variable crosses the 31-bit
# small-int boundary of the pyboard
for i in range(2 ** 30 - 2, 2 ** 30 + 2):
    print(i, i - 2 ** 30)
for i in range(2 ** 30 + 1, 2 ** 30 - 2, -1):
    print(i)
for i in range(-(2 ** 30) + 1, -(2 ** 30) - 3, -1):
    print(i, i + 2 ** 30)
s = 0
for i in range(-100, 101, 7):
    s += i
print(s)
for i in range(3):
    i = i * 10
    print(i, end=" ")
print("")
