/* Shared declarations of the C reference benchmarks. */
#include <stdint.h>
void put_str(const char *s);
void put_int(int v);
void put_dec(int v);
#define SCRATCH 0x20018000u
#define NOINLINE __attribute__((noinline))
