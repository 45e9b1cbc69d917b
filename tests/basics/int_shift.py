# Shifts of small and big ints by counts around the word and small-int widths.
vals = [0, 1, -1, 5, -5, 12345, -12345, (1 << 29) - 1, -(1 << 29), (1 << 30) - 1, -(1 << 30), 1 << 40, -(1 << 40)]
cnts = [0, 1, 2, 5, 29, 30, 31, 32, 33, 62, 63, 64, 70]
acc = 0
for v in vals:
    for c in cnts:
        l = v << c
        r = v >> c
        acc = (acc * 31 + l + r) % 1000000007
        print(v, c, l, r)
for v in vals:
    try:
        v << -1
    except ValueError:
        print("VE")
    try:
        v >> -2
    except ValueError:
        print("VE")
print(acc)
