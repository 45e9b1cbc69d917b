# integer square root by Newton's method, and integer cube root by bisection
def isqrt(n):
    if n < 2:
        return n
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x

def icbrt(n):
    lo = 0
    hi = 1
    while hi * hi * hi <= n:
        hi *= 2
    while lo < hi - 1:
        mid = (lo + hi) // 2
        if mid * mid * mid <= n:
            lo = mid
        else:
            hi = mid
    return lo

bad = 0
for n in range(0, 2000):
    r = isqrt(n)
    if not (r * r <= n < (r + 1) * (r + 1)):
        bad += 1
print("bad", bad)
for n in range(0, 50, 3):
    print(n, isqrt(n), icbrt(n))
print(isqrt(2 ** 62), isqrt(2 ** 62 - 1), isqrt(2 ** 30), isqrt(2 ** 30 - 1))
print(isqrt(10 ** 100))
print(isqrt(2 * 10 ** 100))
print(isqrt(2 ** 201))
r = isqrt(3 ** 301)
print(r, r * r <= 3 ** 301 < (r + 1) * (r + 1))
print(icbrt(10 ** 60), icbrt(2 ** 300 - 1), icbrt(27), icbrt(26))
squares = 0
for n in range(1, 10001):
    r = isqrt(n)
    if r * r == n:
        squares += 1
print("squares", squares)
