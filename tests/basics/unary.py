# unary -, + and ~
a = 5
print(-a, +a, ~a, - -a, -(-a), +-a, -+a, ~~a, -~a, ~-a)
print(-0, +0, ~0, -(2 ** 100), +(2 ** 100), ~(2 ** 100))
print(-(-(2 ** 100)), ~~(2 ** 100) == 2 ** 100)
n = -(2 ** 30)
print(-n, -n - 1, ~n)
n = -(2 ** 62)
print(-n, -n - 1, ~n)
print(-2 ** 2, (-2) ** 2, -2 * -3, 2 - -3, 2 + -3, 2 - +3)
print(-True, +True, ~True, -False, ~False)
for i in range(-3, 4):
    print(i, -i, +i, ~i, -(~i), ~(-i))
print(not -1, not -0)
