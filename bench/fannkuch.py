# fannkuch-redux (n=7): for every permutation of 0..n-1 (in the order of the classic
# counting scheme), counts the prefix reversals until 0 is in front; prints the checksum
# and the maximum number of flips as one number (the same algorithm as bench/c/fannkuch.c).


def fannkuch(n):
    perm1 = list(range(n))
    perm = [0] * n
    count = [0] * n
    maxflips = 0
    checksum = 0
    permcount = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        for i in range(n):
            perm[i] = perm1[i]
        flips = 0
        k = perm[0]
        while k != 0:
            i = 0
            j = k
            while i < j:
                t = perm[i]
                perm[i] = perm[j]
                perm[j] = t
                i += 1
                j -= 1
            flips += 1
            k = perm[0]
        if flips > maxflips:
            maxflips = flips
        if permcount & 1 == 0:
            checksum += flips
        else:
            checksum -= flips
        while True:
            if r == n:
                return checksum * 1000 + maxflips
            perm0 = perm1[0]
            i = 0
            while i < r:
                perm1[i] = perm1[i + 1]
                i += 1
            perm1[r] = perm0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        permcount += 1


print("fannkuch", fannkuch(7))
