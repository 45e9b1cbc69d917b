# recursion 150 frames deep: the pyboard's 32 KiB stack has 24 KiB above the recursion
# limit, room for ~200 compact bytecode frames of these functions (~120 bytes each: the
# VM's own frame and its generic entry's with the function's frame) and ~1500 native ones
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

print(depth(100), depth(150))
print(sum_to(150), 150 * 151 // 2)
print(count_down(150, 0) == 2 ** 150 - 1)
print(bigsum(150))
k = 0
while k < 20:
    depth(140)
    k += 1
print(k, depth(149))
