# digit manipulation: sums, reversal, palindromes, digital roots
def digit_sum(n):
    s = 0
    while n > 0:
        s += n % 10
        n //= 10
    return s

def reverse(n):
    r = 0
    while n > 0:
        r = r * 10 + n % 10
        n //= 10
    return r

def digital_root(n):
    while n >= 10:
        n = digit_sum(n)
    return n

def count_digit(n, d):
    c = 0
    while n > 0:
        if n % 10 == d:
            c += 1
        n //= 10
    return c

for n in range(0, 120, 7):
    print(n, digit_sum(n), reverse(n), digital_root(n))
print(digit_sum(2 ** 1000), digit_sum(3 ** 500))
f = 1
for i in range(2, 101):
    f *= i
print(digit_sum(f), digital_root(f), count_digit(f, 0))
print(reverse(12345678901234567890), reverse(2 ** 100))
pal = 0
for n in range(1, 2000):
    if n == reverse(n):
        pal += 1
print("palindromes", pal)
n = 89
steps = 0
while n != reverse(n) and steps < 30:
    n = n + reverse(n)
    steps += 1
print("89 becomes palindrome", n, "after", steps)
def digit_char(d):
    if d < 10:
        return ("0" if d == 0 else "1" if d == 1 else "2" if d == 2 else "3" if d == 3 else "4" if d == 4 else "5" if d == 5 else "6" if d == 6 else "7" if d == 7 else "8" if d == 8 else "9")
    if d == 10:
        return "a"
    if d == 11:
        return "b"
    if d == 12:
        return "c"
    if d == 13:
        return "d"
    if d == 14:
        return "e"
    return "f"

def to_base(n, b):
    if n == 0:
        return "0"
    s = ""
    while n > 0:
        s = digit_char(n % b) + s
        n //= b
    return s

for b in range(2, 17):
    print(b, to_base(255, b), to_base(1000, b))
print(to_base(2 ** 64 - 1, 16), to_base(3 ** 40, 3), to_base(2 ** 100, 7))
