# ints near the 63-bit small-int boundary of the 64-bit host (+-2**62)
hi = 4611686018427387903
lo = -4611686018427387904
print(hi, lo, hi == 2 ** 62 - 1, lo == -(2 ** 62))
print(hi + 1, lo - 1, hi + 1 == 4611686018427387904, lo - 1 == -4611686018427387905)
print(hi + hi, lo + lo, hi - lo, lo - hi)
x = hi + 1
print(x - 1 == hi, x - 1, x - 2)
y = lo - 1
print(y + 1 == lo, y + 1, y + 2)
for d in range(-3, 4):
    v = hi + d
    w = lo + d
    print(d, v, w, v - d == hi, w - d == lo, v + 1, w - 1)
print(hi * 2, hi * 2 // 2 == hi, lo * 2, lo * 2 // 2 == lo, lo * -1, lo * -1 - 1 == hi)
print(-lo, -lo - 1 == hi, -hi - 1 == lo)
print(2147483648 * 2147483648, 2147483648 * 2147483648 - 1 == hi, 2147483648 * -2147483648 == lo)
print(3037000500 * 3037000500, 3037000499 * 3037000499, -3037000500 * 3037000500)
print(4294967296 * 4294967296, 4294967296 * 4294967296 // 4294967296 == 4294967296)
print(hi << 1, (hi << 1) >> 1 == hi, lo << 1, (lo << 1) >> 1 == lo)
print(lo // -1, lo % -1, lo // -1 - 1 == hi)
print(hi * hi, lo * lo, hi * lo)
print(hi & lo, hi | lo, hi ^ lo, ~hi == lo, ~lo == hi)
print((hi + 1) & hi, (hi + 1) | hi, (hi + 1) ^ hi)
print(2 ** 63 - 1, -(2 ** 63), 2 ** 64 - 1, 2 ** 63 + 2 ** 62)
print(9223372036854775807 + 1, -9223372036854775808 - 1)
print(9223372036854775807 * 2 + 1 == 2 ** 64 - 1)
c = hi - 3
while c <= hi + 3:
    print(c, end=" ")
    c += 1
print(c)
c = lo + 3
while c >= lo - 3:
    print(c, end=" ")
    c -= 1
print(c)
v = hi - 2
while v < hi + 3:
    print(v, v > hi, v - hi)
    v += 1
v = lo + 2
while v > lo - 3:
    print(v, v < lo, lo - v)
    v -= 1
print(hi < hi + 1, hi + 1 > hi, lo > lo - 1, lo - 1 < lo, hi + 1 != hi, hi + 1 - 1 != hi)
print(hi + 1 == 2 ** 62, lo - 1 <= lo <= hi < hi + 1)
z = hi
z += 1
z -= 1
print(z, z == hi)
# doubling from 1 past both boundaries and halving back down
p = 1
k = 0
while k < 70:
    p = p * 2
    k += 1
print(p)
while p > 1:
    p = p // 2
    k -= 1
print(p, k, p == 1)
# repeated squaring crossing both boundaries
s = 3
for i in range(7):
    s = s * s
    print(i, s, s % 1000)
while s > 9:
    s = s // 81
print(s)
