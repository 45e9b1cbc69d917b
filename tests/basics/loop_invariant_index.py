# Indexing inside loops where the indexed object is loop-invariant (its type test moves
# before the loop), is rebound to another type, grows, or is not bound yet.


def each_type(seqs):
    out = []
    for s in seqs:
        for i in range(3):
            out.append(s[i])
    return out


print(each_type([[1, 2, 3], (4, 5, 6), "abc", bytearray(b"xyz"), range(7, 10), b"pqr"]))


def rebind():
    a = [0] * 4
    b = a
    for i in range(8):
        if i == 4:
            a = bytearray(4)
        a[i % 4] = i
    return b, a


print(rebind())


def grow():
    a = [1]
    i = 0
    while i < 10:
        a.append(a[i] * 2)
        i += 1
    return a


print(grow())


def unbound(n):
    out = []
    for i in range(n):
        if i == 2:
            late = [10, 20, 30]
        try:
            out.append(late[i % 3])
        except NameError:
            out.append("unbound")
    return out


print(unbound(5))


def swap(perm, n):
    i = 0
    j = n - 1
    while i < j:
        perm[i], perm[j] = perm[j], perm[i]
        i += 1
        j -= 1
    return perm


print(swap(list(range(9)), 9))
print(swap(bytearray(b"abcdef"), 6))
try:
    swap((1, 2, 3), 3)
except TypeError as e:
    print("TypeError")
try:
    swap([1, 2, 3], 5)
except IndexError:
    print("IndexError")
x = 0.5
for k in range(3):
    try:
        print(x[k])
    except TypeError:
        print("float not subscriptable")
        x = [7, 8, 9]
