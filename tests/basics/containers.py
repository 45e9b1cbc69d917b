# Lists, tuples, dicts and sets: displays, subscripts, slices, methods, operators.
a = [5, 3, 8, 1]
a.append(9)
a.insert(0, 7)
print(a, len(a), a[0], a[-1], a[1:3], a[::2], a[::-1])
a.sort()
print(a, a.index(8), a.count(3), a.pop(), a)
a[1:3] = [10, 20, 30]
print(a)
del a[0]
del a[-2:]
print(a)
b = a
b += [100]
print(a is b, a)
t = (1, "two", 3)
print(t, t[1], len(t), t + (4,), t * 2, (1,), ())
print((1, 2) < (1, 3), [1, 2] == [1, 2], 2 in t, "two" in t)
d = {"a": 1, "b": 2}
d["c"] = 3
d["a"] = 10
print(d, len(d), d["b"], "c" in d, d.get("z"), d.get("z", 0))
print(list(d.keys()), list(d.values()), list(d.items()))
del d["b"]
print(d, d.pop("c"), d)
s = {3, 1, 2, 3}
s.add(5)
print(sorted(s), len(s), 4 in s, 5 in s)
print(sorted({1, 2} | {2, 3}), sorted({1, 2} & {2, 3}), sorted({1, 2} - {2}))
nested = [[1, 2], [3, [4, 5]], {"k": (6, 7)}]
print(nested, nested[1][1][0], nested[2]["k"][1])
m = [[0, 0, 0], [0, 0, 0]]
m[1][2] = 5
print(m)
