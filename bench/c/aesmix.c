#include "kernels.h"

/* Same algorithm as bench/aesmix.py: S-box from GF(2^8) inverses and an affine
 * map, then rounds of substitution, row shifting, column mixing and key addition. */
static int xtime(int a) {
    a <<= 1;
    if (a & 0x100) a ^= 0x11B;
    return a;
}

static uint8_t sbox[256], keys[16 * 11];

NOINLINE void make_sbox(void) {
    uint8_t exp[256], log[256], inv[256];
    int x = 1;
    for (int i = 0; i < 255; i++) {
        exp[i] = x;
        log[x] = i;
        x ^= xtime(x);
    }
    inv[0] = 0;
    for (int a = 1; a < 256; a++) inv[a] = exp[(255 - log[a]) % 255];
    for (int i = 0; i < 256; i++) {
        int v = inv[i], y = v;
        for (int k = 0; k < 4; k++) {
            v = ((v << 1) | (v >> 7)) & 0xFF;
            y ^= v;
        }
        sbox[i] = y ^ 0x63;
    }
}

NOINLINE void encrypt(uint8_t *s, const uint8_t *block, int rounds) {
    uint8_t t[16];
    for (int i = 0; i < 16; i++) s[i] = block[i] ^ keys[i];
    for (int r = 1; r <= rounds; r++) {
        for (int c = 0; c < 4; c++)
            for (int row = 0; row < 4; row++) t[4 * c + row] = sbox[s[4 * ((c + row) & 3) + row]];
        const uint8_t *k = keys + 16 * r;
        for (int c = 0; c < 4; c++) {
            int a0 = t[4 * c], a1 = t[4 * c + 1], a2 = t[4 * c + 2], a3 = t[4 * c + 3];
            int e = a0 ^ a1 ^ a2 ^ a3;
            s[4 * c] = a0 ^ e ^ xtime(a0 ^ a1) ^ k[4 * c];
            s[4 * c + 1] = a1 ^ e ^ xtime(a1 ^ a2) ^ k[4 * c + 1];
            s[4 * c + 2] = a2 ^ e ^ xtime(a2 ^ a3) ^ k[4 * c + 2];
            s[4 * c + 3] = a3 ^ e ^ xtime(a3 ^ a0) ^ k[4 * c + 3];
        }
    }
}

int main(void) {
    const int nblocks = 24, rounds = 10;
    make_sbox();
    int x = 1;
    for (int i = 0; i < 16 * (rounds + 1); i++) {
        x = (x * 75 + 74) % 65537;
        keys[i] = x & 0xFF;
    }
    uint8_t block[16], next[16];
    for (int i = 0; i < 16; i++) block[i] = i * 17;
    int check = 0;
    for (int n = 0; n < nblocks; n++) {
        encrypt(next, block, rounds);
        for (int i = 0; i < 16; i++) {
            block[i] = next[i];
            check = (check * 31 + block[i]) & 0xFFFFFF;
        }
    }
    put_str("aesmix ");
    put_dec(sbox[0]);
    put_str(" ");
    put_dec(sbox[1]);
    put_str(" ");
    put_dec(sbox[83]);
    put_str(" ");
    put_int(check);
    return 0;
}
