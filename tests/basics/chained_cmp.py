# chained comparisons: single evaluation and short-circuit
def v(x):
    print("eval", x)
    return x

print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1 == 1, 1 == 1 != 2)
print(1 < 2 <= 2 < 3 >= 3 > 0 != 5 == 5)
print(v(1) < v(2) < v(3))
print(v(1) < v(3) < v(2))
print(v(3) < v(1) < v(2))
print(v(1) < v(2) < v(3) < v(4))
print(v(1) < v(2) > v(3) < v(4))
print(v(5) == v(5) == v(6) == v(7))
x = 5
print(0 <= x < 10, 0 <= x < 5, -1 < -x < 0, 5 <= x <= 5)
big = 2 ** 70
print(0 < big < 2 ** 71, -big < 0 < big, big < v(2 ** 70) < big + 1)
print("a" < "b" < "c", "a" < "c" < "b")
if v(1) < v(2) < v(0):
    print("no")
else:
    print("chain false in if")
n = 0
while 0 <= n < 3:
    n += 1
print("n", n)
print(v(2) < v(1) and v(100) < v(200))
