# printing binary representations with loops
def print_bin(n):
    if n < 0:
        print("-", end="")
        n = -n
    if n == 0:
        print("0", end="")
    p = 1
    while p * 2 <= n:
        p *= 2
    while p > 0:
        if n >= p:
            print("1", end="")
            n -= p
        else:
            print("0", end="")
        p //= 2
    print("")

def bin_str(n):
    if n == 0:
        return "0b0"
    neg = n < 0
    if neg:
        n = -n
    s = ""
    while n:
        s = ("1" if n & 1 else "0") + s
        n >>= 1
    return ("-0b" if neg else "0b") + s

for i in range(0, 17):
    print_bin(i)
print_bin(-5)
print_bin(255)
print_bin(2 ** 40 + 5)
print_bin(2 ** 100)
for i in range(-4, 5):
    print(i, bin_str(i))
print(bin_str(2 ** 62 - 1))
print(bin_str(-(2 ** 62)))
print(bin_str(2 ** 30))
print(bin_str(3 ** 40))
print(bin_str(12345678901234567890))
print(bin_str(-1 & 255), bin_str(~5 & 15))
