#include "kernels.h"

NOINLINE int inc(int x) { return x + 1; }

/* The call-overhead loop of bench/viper/calls.py. */
NOINLINE int calls(int n) {
    int x = 0;
    for (int i = 0; i < n; i++) x = inc(x);
    return x;
}

NOINLINE int inline_(int n) {
    volatile int x = 0;
    for (int i = 0; i < n; i++) x = x + 1;
    return x;
}

int main(void) {
    put_str("calls ");
    put_int(calls(1000));
    return 0;
}
