#include "kernels.h"

NOINLINE void fill(int n) {
    volatile uint8_t *p = (uint8_t *)SCRATCH;
    for (int i = 0; i < n; i++) p[i] = (uint8_t)(i * 7 + 3);
}

/* Same algorithm as bench/viper/checksum8.py. */
NOINLINE int checksum8(int n) {
    const uint8_t *p = (const uint8_t *)SCRATCH;
    int a = 1, b = 0;
    for (int i = 0; i < n; i++) {
        a = (a + p[i]) & 0xFFFF;
        b = (b + a) & 0xFFFF;
    }
    return (b << 16) | a;
}

int main(void) {
    fill(4096);
    put_str("checksum8 ");
    put_int(checksum8(4096));
    return 0;
}
