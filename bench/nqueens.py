# n-queens (n=8): counts the solutions by a bitmask search with an explicit stack held in a
# Python list (the same algorithm as bench/c/nqueens.c, so the report can compare with C).


def nqueens(n):
    stk = [0] * (4 * n)
    full = (1 << n) - 1
    count = 0
    depth = 0
    cols = 0
    d1 = 0
    d2 = 0
    avail = full
    while True:
        if avail != 0:
            bit = avail & -avail
            avail ^= bit
            if depth + 1 == n:
                count += 1
                continue
            base = depth * 4
            stk[base] = cols
            stk[base + 1] = d1
            stk[base + 2] = d2
            stk[base + 3] = avail
            depth += 1
            cols |= bit
            d1 = ((d1 | bit) << 1) & full
            d2 = (d2 | bit) >> 1
            avail = full & ~(cols | d1 | d2)
        else:
            if depth == 0:
                break
            depth -= 1
            base = depth * 4
            cols = stk[base]
            d1 = stk[base + 1]
            d2 = stk[base + 2]
            avail = stk[base + 3]
    return count


print("nqueens", nqueens(8))
