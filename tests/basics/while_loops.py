# while loops with break, continue and else
i = 0
while i < 5:
    print("i", i)
    i += 1
else:
    print("else ran", i)

i = 0
while i < 10:
    if i == 3:
        break
    i += 1
else:
    print("not printed")
print("broke at", i)

i = 0
s = 0
while i < 20:
    i += 1
    if i % 3 == 0:
        continue
    s += i
else:
    print("else after continue", s)

n = 0
while n:
    print("never")
else:
    print("zero iterations else")

n = 27
steps = 0
while n != 1:
    if n % 2 == 0:
        n //= 2
    else:
        n = 3 * n + 1
    steps += 1
print("collatz 27", steps)

a = 5
while True:
    a -= 1
    if a < 0:
        break
    if a == 2:
        continue
    print("a", a)
print("done", a)

big = 2 ** 90
count = 0
while big:
    big >>= 1
    count += 1
print("bits", count)

def find(limit, target):
    k = 0
    while k < limit:
        if k * k == target:
            return k
        k += 1
    else:
        return -1

print(find(100, 49), find(100, 50), find(0, 0))
