# perfect, abundant and deficient numbers; amicable pairs
def sigma(n):
    if n == 1:
        return 0
    s = 1
    d = 2
    while d * d <= n:
        if n % d == 0:
            s += d
            if d * d != n:
                s += n // d
        d += 1
    return s

for n in range(1, 8200):
    if sigma(n) == n:
        print("perfect", n)
ab = 0
de = 0
for n in range(1, 1000):
    s = sigma(n)
    if s > n:
        ab += 1
    elif s < n:
        de += 1
print("abundant", ab, "deficient", de)
for a in range(2, 1300):
    b = sigma(a)
    if b > a and sigma(b) == a:
        print("amicable", a, b)
# Euclid-Euler: 2**(p-1) * (2**p - 1) for Mersenne primes p
for p in range(2, 62):
    m = 2 ** p - 1
    d = 3
    prime = True
    while d * d <= m and d < 2000:
        if m % d == 0:
            prime = False
            break
        d += 2
    if prime and p < 32:
        print(p, 2 ** (p - 1) * m)
print(2 ** 60 * (2 ** 61 - 1))
