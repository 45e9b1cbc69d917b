# a tiny linear congruential generator with a 32-bit mask
MASK = (1 << 32) - 1
seed = 12345

def rand():
    global seed
    seed = (seed * 1664525 + 1013904223) & MASK
    return seed

def randrange(n):
    return rand() % n

for i in range(10):
    print(rand())
counts0 = 0
counts1 = 0
counts2 = 0
for i in range(3000):
    r = randrange(3)
    if r == 0:
        counts0 += 1
    elif r == 1:
        counts1 += 1
    else:
        counts2 += 1
print(counts0, counts1, counts2, counts0 + counts1 + counts2)
seed = 1
for i in range(5):
    print(rand(), seed >> 16, seed & 65535)
# 64-bit variant (crosses both small-int boundaries)
M64 = (1 << 64) - 1
s = 42
for i in range(8):
    s = (s * 6364136223846793005 + 1442695040888963407) & M64
    print(s, s >> 33)
# xorshift32
x = 2463534242
for i in range(8):
    x ^= (x << 13) & MASK
    x ^= x >> 17
    x ^= (x << 5) & MASK
    print(x)
acc = 0
for i in range(1000):
    acc = (acc + rand()) & MASK
print(acc)
