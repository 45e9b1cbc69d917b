# counting bits in various ways
def popcount(n):
    c = 0
    while n:
        c += n & 1
        n >>= 1
    return c

def popcount_kernighan(n):
    c = 0
    while n:
        n &= n - 1
        c += 1
    return c

def bit_length(n):
    if n < 0:
        n = -n
    l = 0
    while n:
        n >>= 1
        l += 1
    return l

def trailing_zeros(n):
    if n == 0:
        return -1
    t = 0
    while n & 1 == 0:
        n >>= 1
        t += 1
    return t

for i in range(0, 33):
    print(i, popcount(i), bit_length(i), trailing_zeros(i))
bad = 0
for i in range(0, 4096):
    if popcount(i) != popcount_kernighan(i):
        bad += 1
print("bad", bad)
print(popcount(2 ** 100 - 1), popcount(3 ** 100), popcount_kernighan(3 ** 100))
print(bit_length(2 ** 62), bit_length(2 ** 62 - 1), bit_length(-(2 ** 62)), bit_length(2 ** 30), bit_length(2 ** 30 - 1))
print(trailing_zeros(2 ** 90 * 3), trailing_zeros(-(2 ** 40)), trailing_zeros(-12))
total = 0
for i in range(1, 1025):
    total += popcount(i)
print(total)
print(popcount(-1 & ((1 << 200) - 1)), popcount((1 << 64) - 1), popcount((1 << 32) - 1))
def parity(n):
    p = 0
    while n:
        p ^= n & 1
        n >>= 1
    return p
print(parity(7), parity(2 ** 70 + 1), parity(2 ** 70 + 3))
