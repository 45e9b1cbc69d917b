/* A tiny start-up for the C reference kernels: vector table, reset handler, and
 * semihosting output/exit. No C library, no clock set-up (QEMU does not need one). */
#include <stdint.h>

extern int main(void);
extern uint32_t _stack_top;

/* Semihosting call (ARM): operation in r0, argument block in r1. */
static int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* Prints a NUL-terminated string on the host's stdout. */
void put_str(const char *s) { semihost(0x04, s); }

/* Prints `v` in decimal. */
void put_dec(int v) {
    char buf[16];
    int i = 15;
    unsigned u = v < 0 ? -(unsigned)v : (unsigned)v;
    buf[i--] = 0;
    do {
        buf[i--] = '0' + u % 10;
        u /= 10;
    } while (u);
    if (v < 0) buf[i--] = '-';
    put_str(&buf[i + 1]);
}

/* Prints `v` in decimal followed by a newline. */
void put_int(int v) {
    put_dec(v);
    put_str("\n");
}

void reset_handler(void) {
    main();
    /* SYS_EXIT with ADP_Stopped_ApplicationExit: QEMU ends the run. */
    semihost(0x18, (const void *)0x20026);
    for (;;) {
    }
}

__attribute__((section(".vectors"), used)) static const void *vectors[2] = {
    &_stack_top,
    (void *)reset_handler,
};
