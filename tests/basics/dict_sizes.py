# Dicts across the size where lookups switch from scanning entries to a hash index:
# inserts, deletes, re-inserts, popitem, clear, equal keys of different types and
# identities (runtime-built strs against literals, 1 / 1.0 / True), user keys.


class K:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return self.v % 3

    def __eq__(self, o):
        return isinstance(o, K) and o.v == self.v

    def __repr__(self):
        return "K(%d)" % self.v


def check(d, keys):
    return [d.get(k, "-") for k in keys]


for n in range(0, 20, 3):
    d = {}
    for i in range(n):
        d["k" + str(i)] = i
    keys = ["k" + str(i) for i in range(n + 2)]
    print(n, len(d), sum(check(d, keys)[:n]), check(d, keys)[n:])
    for i in range(0, n, 2):
        del d["k%d" % i]
    print(" del", len(d), list(d.items())[:4], check(d, ["k0", "k1", "k%d" % (n - 1)]))
    for i in range(0, n, 4):
        d["k" + str(i)] = -i
    print(" re", len(d), list(d)[-3:], check(d, ["k0", "k4", "k2"]))

d = {1: "int"}
d[1.0] = "float"
d[True] = "bool"
print(d, d[1], len(d))
d = {"ab": 1}
k = "a" + "b"
print(d[k], k in d, ("a" + "c") in d)
d = {}
for i in range(12):
    d[K(i)] = i
print(len(d), d[K(4)], d.get(K(13)), K(7) in d)
for i in range(0, 12, 3):
    del d[K(i)]
print(len(d), sorted(v for v in d.values()), d.get(K(3)))
d = {}
for i in range(10):
    d[i] = i * i
while d:
    k, v = d.popitem()
    if k % 3 == 0:
        print("pop", k, v, len(d))
d = {i: i for i in range(9)}
d.clear()
d["x"] = 1
print(d, d.get(0))
d = {}
for i in range(30):
    d[i % 7] = d.get(i % 7, 0) + i
    if i % 5 == 0:
        d.pop(i % 7, None)
print(sorted(d.items()))
