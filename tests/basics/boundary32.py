# ints near the 31-bit small-int boundary of 32-bit boards (+-2**30)
hi = 1073741823
lo = -1073741824
print(hi, lo, hi == 2 ** 30 - 1, lo == -(2 ** 30))
print(hi + 1, lo - 1, hi + 1 == 1073741824, lo - 1 == -1073741825)
print(hi + hi, lo + lo, hi - lo, lo - hi)
x = hi + 1
print(x - 1 == hi, x - 1, x - 2, (x - 1) * 1)
y = lo - 1
print(y + 1 == lo, y + 1, y + 2)
for d in range(-3, 4):
    v = hi + d
    w = lo + d
    print(d, v, w, v - d == hi, w - d == lo, v + 1, w - 1)
print(hi * 2, hi * 2 // 2 == hi, lo * 2, lo * 2 // 2 == lo, lo * -1, lo * -1 - 1 == hi)
print(-lo, -lo - 1 == hi, -(-lo) == lo, -hi - 1 == lo)
print(32768 * 32768, 32768 * 32768 - 1 == hi, 32768 * -32768 == lo)
print(46341 * 46341, 46340 * 46340, -46341 * 46341, 46341 * -46341)
print(65536 * 65536, 65536 * 65536 // 65536 == 65536)
print(hi << 1, (hi << 1) >> 1 == hi, lo << 1, (lo << 1) >> 1 == lo)
print(1 << 30, (1 << 30) - 1 == hi, -(1 << 30) == lo)
print(lo // -1, lo % -1, lo // -1 - 1 == hi)
print(hi * hi, lo * lo, hi * lo)
print(hi ** 2 // hi == hi)
print(hi & lo, hi | lo, hi ^ lo, ~hi == lo, ~lo == hi)
print((hi + 1) & hi, (hi + 1) | hi, (hi + 1) ^ hi)
# counters crossing the boundary
c = hi - 3
n = 0
while c <= hi + 3:
    print(c, end=" ")
    c += 1
    n += 1
print(n)
c = lo + 3
while c >= lo - 3:
    print(c, end=" ")
    c -= 1
print(c)
for v in range(hi - 2, hi + 3):
    print(v, v > hi, v - hi)
for v in range(lo + 2, lo - 3, -1):
    print(v, v < lo, lo - v)
# comparisons across the boundary
print(hi < hi + 1, hi + 1 > hi, lo > lo - 1, lo - 1 < lo, hi + 1 != hi, hi + 1 - 1 != hi)
print(hi + 1 == 2 ** 30, 2 ** 30 - 1 == hi, lo - 1 <= lo <= hi < hi + 1)
z = hi
z += 1
z -= 1
print(z, z == hi, z + 0 == 1073741823)
