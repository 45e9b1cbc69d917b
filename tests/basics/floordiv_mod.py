# // and % with every sign combination
def show(a, b):
    q = a // b
    r = a % b
    print(a, b, q, r, q * b + r == a)

show(7, 2)
show(-7, 2)
show(7, -2)
show(-7, -2)
show(6, 3)
show(-6, 3)
show(6, -3)
show(-6, -3)
show(0, 5)
show(0, -5)
show(1, 7)
show(-1, 7)
show(1, -7)
show(-1, -7)
a = -9
while a <= 9:
    for b in range(-4, 5):
        if b != 0:
            print(a // b, a % b, end=" ")
    print("|", a)
    a += 1
# big operands
big = 2 ** 100 + 12345
show(big, 7)
show(-big, 7)
show(big, -7)
show(-big, -7)
show(big, 2 ** 40)
show(-big, 2 ** 40)
show(big, -(2 ** 70))
show(-big, -(2 ** 70))
show(12345, big)
show(-12345, big)
show(12345, -big)
show(-12345, -big)
show(big, big)
show(-big, big)
show(big * big, big)
print((2 ** 64) // 3, (2 ** 64) % 3)
print(-(2 ** 64) // 3, -(2 ** 64) % 3)
print((10 ** 30) // (10 ** 15), (10 ** 30) % (10 ** 15 + 1))


def grid(vals):
    # Every pair, small ints at the 32- and 64-bit small-int boundaries and big ints
    # (native code divides small ints inline; MIN // -1 leaves the small-int range).
    out = []
    for a in vals:
        for b in vals:
            try:
                out.append((a % b, a // b))
            except ZeroDivisionError:
                out.append(None)
    return out


print(grid([0, 1, -1, 2, -2, 7, -7, 13, -13, 1073741823, -1073741824, 1073741824,
            -1073741825, 4611686018427387903, -4611686018427387904, 2 ** 70, -(2 ** 70)]))
