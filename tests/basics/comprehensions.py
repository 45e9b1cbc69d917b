# List/set/dict comprehensions and generator expressions consumed by builtins.
xs = [3, 1, 4, 1, 5, 9, 2, 6]
x = "outer"
print([x * 2 for x in xs if x > 2], x)
print({x % 3 for x in xs}, {k: v for k, v in zip("abc", range(3))})
print([(i, j) for i in range(3) for j in range(i)])
print(sum(x * x for x in xs), max(len(w) for w in ["a", "bbb", "cc"]), ", ".join(str(v) for v in xs))
def f(n):
    k = 10
    return [i * k for i in range(n)], sorted(i for i in range(n) if i % 2)
print(f(4))
m = [[r * 3 + c for c in range(3)] for r in range(3)]
print(m, [row[1] for row in m])
