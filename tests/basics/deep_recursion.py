# recursion about 400 frames deep (the board's stack is 64 KiB)
def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)

def sum_to(n):
    if n == 0:
        return 0
    return n + sum_to(n - 1)

def count_down(n, acc):
    if n == 0:
        return acc
    return count_down(n - 1, acc * 2 + 1)

def bigsum(n):
    if n == 0:
        return 2 ** 64
    return n * 2 ** 40 + bigsum(n - 1)

print(depth(100), depth(400))
print(sum_to(400), 400 * 401 // 2)
print(count_down(300, 0) == 2 ** 300 - 1)
print(bigsum(350))
k = 0
while k < 20:
    depth(380)
    k += 1
print(k, depth(399))
