#include "kernels.h"

/* Same algorithm as bench/viper/fannkuch.py, arrays in scratch RAM. */
NOINLINE int fannkuch(int n) {
    int32_t *perm1 = (int32_t *)SCRATCH, *perm = (int32_t *)(SCRATCH + 64),
            *count = (int32_t *)(SCRATCH + 128);
    for (int i = 0; i < n; i++) perm1[i] = i;
    int maxflips = 0, checksum = 0, permcount = 0, r = n;
    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }
        for (int i = 0; i < n; i++) perm[i] = perm1[i];
        int flips = 0, k = perm[0];
        while (k != 0) {
            int i = 0, j = k;
            while (i < j) {
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                i++;
                j--;
            }
            flips++;
            k = perm[0];
        }
        if (flips > maxflips) maxflips = flips;
        if ((permcount & 1) == 0)
            checksum += flips;
        else
            checksum -= flips;
        for (;;) {
            if (r == n) return checksum * 1000 + maxflips;
            int perm0 = perm1[0];
            for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
            perm1[r] = perm0;
            count[r]--;
            if (count[r] > 0) break;
            r++;
        }
        permcount++;
    }
}

int main(void) {
    put_str("fannkuch ");
    put_int(fannkuch(7));
    return 0;
}
