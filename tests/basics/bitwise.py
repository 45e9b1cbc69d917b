# & | ^ ~ on small ints including negatives
print(12 & 10, 12 | 10, 12 ^ 10, ~12, ~0, ~-1, ~~5)
print(-12 & 10, -12 | 10, -12 ^ 10)
print(12 & -10, 12 | -10, 12 ^ -10)
print(-12 & -10, -12 | -10, -12 ^ -10)
print(-1 & 255, -256 & 255, -1 | 0, -1 ^ -1, 0 ^ -1)
a = -6
while a <= 6:
    b = -6
    while b <= 6:
        print(a & b, a | b, a ^ b, end="; ")
        b += 3
    print(~a)
    a += 1
print(1 | 2 ^ 3 & 4, (1 | 2) ^ (3 & 4), 1 + 2 & 3, 1 << 2 | 1)
print(~5 + 1 == -5, -~5, ~-~5)
m = 255
m &= 60
print(m)
m |= 257
print(m)
m ^= 1023
print(m)
