# prime testing by trial division, no lists
def is_prime(n):
    if n < 2:
        return False
    if n < 4:
        return True
    if n % 2 == 0:
        return False
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True

count = 0
for n in range(0, 300):
    if is_prime(n):
        print(n, end=" ")
        count += 1
print("")
print("count", count)
c = 0
for n in range(1, 5001):
    if is_prime(n):
        c += 1
print("primes below 5000", c)
print(is_prime(2147483647), is_prime(2147483649), is_prime(1000003), is_prime(999999))
twins = 0
for n in range(3, 2000, 2):
    if is_prime(n) and is_prime(n + 2):
        twins += 1
print("twin pairs", twins)
def nth_prime(k):
    n = 1
    while k > 0:
        n += 1
        if is_prime(n):
            k -= 1
    return n
print(nth_prime(1), nth_prime(10), nth_prime(100), nth_prime(500))
def factor(n):
    d = 2
    first = True
    while d * d <= n:
        while n % d == 0:
            if first:
                print(d, end="")
                first = False
            else:
                print(" *", d, end="")
            n //= d
        d += 1
    if n > 1:
        if first:
            print(n, end="")
        else:
            print(" *", n, end="")
    print("")
factor(360)
factor(97)
factor(2 ** 20 * 3 ** 5 * 7)
factor(600851475143)
factor(2 ** 32 + 1)
factor(2 ** 60 - 1)
