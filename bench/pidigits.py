# Digits of pi with big integers: Gibbons' unbounded spigot (a streaming algorithm over
# linear fractional transformations held as four integers that grow without bound).


def pi_digits(n):
    q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
    out = []
    while len(out) < n:
        if 4 * q + r - t < m * t:
            out.append(m)
            q, r, t, k, m, x = 10 * q, 10 * (r - m * t), t, k, (10 * (3 * q + r)) // t - 10 * m, x
        else:
            q, r, t, k, m, x = q * k, (2 * q + r) * x, t * x, k + 1, (q * (7 * k + 2) + r * x) // (t * x), x + 2
    return out


digits = pi_digits(60)
print("pidigits", "".join([str(d) for d in digits[:20]]), sum(digits), digits[-1])
