# for over every kind of iterable, unpacking targets, builtins that iterate.
for c in "hey":
    print(c, end=" ")
print()
for x in [1, 2, 3]:
    print(x * x, end=" ")
print()
for k, v in {"one": 1, "two": 2}.items():
    print(k, v)
for i, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(i, a, b)
for a, b in zip("ab", [10, 20, 30]):
    print(a, b)
print(list(map(abs, [-1, 2, -3])), list(filter(None, [0, 1, 2, 0])))
print(list(reversed([1, 2, 3])), sorted("cab"), sorted([3, 1, 2], reverse=True))
print(sum(range(101)), min("zebra"), max([1, 9, 4]), any([0, 0, 1]), all([1, 0]))
first, *rest = [1, 2, 3, 4]
*init, last = "abc"
print(first, rest, init, last)
a, (b, c) = 1, (2, 3)
print(a, b, c)
for n in range(3):
    pass
else:
    print("else ran", n)
total = 0
for row in [[1, 2], [3, 4]]:
    for v in row:
        if v == 3:
            continue
        total += v
print(total)
it = iter([1, 2])
print(next(it), next(it), next(it, "done"))
print(list(range(10, 0, -3)), tuple(range(3)), dict(a=1, b=2), set())
print(len("héllo"), "héllo"[1], list(enumerate("ab", 1)))
