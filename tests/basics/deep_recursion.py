# recursion about 300 frames deep: the pyboard's 32 KiB stack has 24 KiB above the
# recursion limit, room for ~380 bytecode frames of these functions (~600 native)
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

print(depth(100), depth(300))
print(sum_to(300), 300 * 301 // 2)
print(count_down(300, 0) == 2 ** 300 - 1)
print(bigsum(300))
k = 0
while k < 20:
    depth(280)
    k += 1
print(k, depth(299))
