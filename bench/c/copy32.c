#include "kernels.h"

NOINLINE void fill(int n) {
    volatile int32_t *p = (int32_t *)SCRATCH;
    for (int i = 0; i < n; i++) p[i] = i * 3 + 1;
}

/* Same algorithm as bench/viper/copy32.py: a word loop (gcc may not call memcpy: -fno-builtin). */
NOINLINE void copy32(int n) {
    int32_t *src = (int32_t *)SCRATCH, *dst = (int32_t *)(SCRATCH + 4096);
    for (int i = 0; i < n; i++) dst[i] = src[i];
}

NOINLINE int total(int n) {
    volatile int32_t *p = (int32_t *)(SCRATCH + 4096);
    int s = 0;
    for (int i = 0; i < n; i++) s += p[i];
    return s;
}

int main(void) {
    fill(1024);
    copy32(1024);
    put_str("copy32 ");
    put_int(total(1024));
    return 0;
}
