# nested loops with break/continue/else at several levels
for i in range(4):
    for j in range(4):
        if j == i:
            continue
        if j > 2:
            break
        print(i, j, end="  ")
    else:
        print("inner else", i)
    print("end of outer", i)

found = 0
for a in range(1, 30):
    for b in range(a, 30):
        c = 1
        while c < 40:
            if a * a + b * b == c * c:
                print("triple", a, b, c)
                found += 1
                break
            c += 1
        if found >= 6:
            break
    else:
        continue
    break
print("found", found)

for n in range(2, 40):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, end=" ")
print("primes")

i = 0
while i < 3:
    j = 0
    while j < 3:
        j += 1
        if j == 2:
            continue
        print(i, j)
    else:
        print("while-else", i)
    i += 1
else:
    print("outer while-else")

count = 0
for x in range(10):
    for y in range(10):
        for z in range(10):
            if (x + y + z) % 7 == 0:
                continue
            if z > x:
                break
            count += 1
print(count)
