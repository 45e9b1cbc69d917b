# collatz sequence lengths
def collatz_len(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps

for n in range(1, 31):
    print(n, collatz_len(n))
best = 0
best_n = 0
for n in range(1, 3000):
    l = collatz_len(n)
    if l > best:
        best = l
        best_n = n
print("longest below 3000", best_n, best)
def peak(n):
    m = n
    while n != 1:
        if n & 1:
            n = 3 * n + 1
        else:
            n >>= 1
        if n > m:
            m = n
    return m
print(peak(27), peak(703), peak(77031))
print(collatz_len(2 ** 100), collatz_len(2 ** 100 + 1), collatz_len(3 ** 60))
print(collatz_len(1073741823), collatz_len(4611686018427387903))
