# gcd and lcm, iterative and recursive, on small and big ints
def gcd(a, b):
    while b != 0:
        t = a % b
        a = b
        b = t
    return a

def gcd_rec(a, b):
    if b == 0:
        return a
    return gcd_rec(b, a % b)

def lcm(a, b):
    return a // gcd(a, b) * b

def bin_gcd(a, b):
    if a == 0:
        return b
    if b == 0:
        return a
    shift = 0
    while (a | b) & 1 == 0:
        a >>= 1
        b >>= 1
        shift += 1
    while a & 1 == 0:
        a >>= 1
    while b != 0:
        while b & 1 == 0:
            b >>= 1
        if a > b:
            a, b = b, a
        b = b - a
    return a << shift

pairs = 0
for a in range(1, 25):
    for b in range(1, 25):
        g = gcd(a, b)
        if g != gcd_rec(a, b) or g != bin_gcd(a, b):
            print("mismatch", a, b)
        if g == 1:
            pairs += 1
print("coprime pairs", pairs)
print(gcd(0, 5), gcd(5, 0), gcd(12, 18), gcd(17, 5), gcd(1071, 462))
print(lcm(4, 6), lcm(21, 6), lcm(1, 1))
l = 1
for i in range(1, 51):
    l = lcm(l, i)
print(l)
f = 1
for i in range(1, 41):
    f *= i
print(gcd(f, 2 ** 100), gcd(f, 3 ** 100), gcd(2 ** 100 * 3 ** 5, 6 ** 50))
print(bin_gcd(2 ** 90 * 15, 2 ** 70 * 35), gcd_rec(3 ** 80 - 1, 3 ** 60 - 1) == 3 ** 20 - 1)
print(gcd(123456789012345678901234567890, 987654321098765432109876543210))
