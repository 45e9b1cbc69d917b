# modular exponentiation by square-and-multiply
def modpow(b, e, m):
    r = 1
    b = b % m
    while e > 0:
        if e & 1:
            r = r * b % m
        b = b * b % m
        e >>= 1
    return r

def modpow_rec(b, e, m):
    if e == 0:
        return 1 % m
    h = modpow_rec(b, e // 2, m)
    h = h * h % m
    if e % 2 == 1:
        h = h * b % m
    return h

print(modpow(2, 10, 1000), modpow(3, 200, 1000000007), modpow(7, 0, 13), modpow(5, 3, 1))
print(modpow(2, 2 ** 64, 1000000007), modpow_rec(2, 2 ** 64, 1000000007))
p = 2 ** 127 - 1
print(modpow(3, p - 1, p), modpow(123456789, p - 2, p))
print(modpow(2, 1000, 2 ** 61 - 1), modpow_rec(2, 1000, 2 ** 61 - 1))
print(modpow(-3, 5, 7), modpow(10, 18, 998244353))
for b in range(2, 12):
    print(b, modpow(b, 560, 561), modpow(b, 100, 101))

def fermat_probable(n):
    if n < 4:
        return n == 2 or n == 3
    for a in range(2, 6):
        if modpow(a, n - 1, n) != 1:
            return False
    return True

c = 0
for n in range(2, 1000):
    if fermat_probable(n):
        c += 1
print("fermat primes below 1000", c)
print(fermat_probable(2 ** 61 - 1), fermat_probable(2 ** 67 - 1), fermat_probable(2 ** 89 - 1))
print(modpow(2, 2 ** 100 + 1, 2 ** 100 + 277) == modpow_rec(2, 2 ** 100 + 1, 2 ** 100 + 277))
