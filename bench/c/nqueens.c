#include "kernels.h"

/* Same algorithm as bench/viper/nqueens.py: iterative bitmask search. */
NOINLINE int nqueens(int n) {
    int32_t *stk = (int32_t *)SCRATCH;
    int full = (1 << n) - 1, count = 0, depth = 0, cols = 0, d1 = 0, d2 = 0, avail = full;
    for (;;) {
        if (avail != 0) {
            int bit = avail & -avail;
            avail ^= bit;
            if (depth + 1 == n) {
                count++;
                continue;
            }
            int base = depth * 4;
            stk[base] = cols;
            stk[base + 1] = d1;
            stk[base + 2] = d2;
            stk[base + 3] = avail;
            depth++;
            cols |= bit;
            d1 = ((d1 | bit) << 1) & full;
            d2 = (d2 | bit) >> 1;
            avail = full & ~(cols | d1 | d2);
        } else {
            if (depth == 0) break;
            depth--;
            int base = depth * 4;
            cols = stk[base];
            d1 = stk[base + 1];
            d2 = stk[base + 2];
            avail = stk[base + 3];
        }
    }
    return count;
}

int main(void) {
    put_str("nqueens ");
    put_int(nqueens(8));
    return 0;
}
