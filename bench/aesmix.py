# AES-style byte mixing: an S-box built from inverses in GF(2^8) and an affine map, then
# rounds of byte substitution, row shifting, column mixing (xtime) and round-key addition
# over a chain of 16-byte blocks held in bytearrays (the same algorithm as bench/c/aesmix.c).


def xtime(a):
    a <<= 1
    if a & 0x100:
        a ^= 0x11B
    return a


def make_sbox():
    # powers of the generator 3 give the logarithm table, and a^-1 = 3^(255 - log a)
    exp = bytearray(256)
    log = bytearray(256)
    x = 1
    for i in range(255):
        exp[i] = x
        log[x] = i
        x ^= xtime(x)
    inv = bytearray(256)
    for a in range(1, 256):
        inv[a] = exp[(255 - log[a]) % 255]
    sbox = bytearray(256)
    for i in range(256):
        x = inv[i]
        y = x
        for _ in range(4):
            x = ((x << 1) | (x >> 7)) & 0xFF
            y ^= x
        sbox[i] = y ^ 0x63
    return sbox


def encrypt(block, keys, sbox, rounds):
    s = bytearray(16)
    t = bytearray(16)
    for i in range(16):
        s[i] = block[i] ^ keys[i]
    for r in range(1, rounds + 1):
        # substitute and shift rows: byte (row, col) comes from column col + row
        for c in range(4):
            for row in range(4):
                t[4 * c + row] = sbox[s[4 * ((c + row) & 3) + row]]
        k = 16 * r
        for c in range(4):
            a0 = t[4 * c]
            a1 = t[4 * c + 1]
            a2 = t[4 * c + 2]
            a3 = t[4 * c + 3]
            e = a0 ^ a1 ^ a2 ^ a3
            s[4 * c] = a0 ^ e ^ xtime(a0 ^ a1) ^ keys[k + 4 * c]
            s[4 * c + 1] = a1 ^ e ^ xtime(a1 ^ a2) ^ keys[k + 4 * c + 1]
            s[4 * c + 2] = a2 ^ e ^ xtime(a2 ^ a3) ^ keys[k + 4 * c + 2]
            s[4 * c + 3] = a3 ^ e ^ xtime(a3 ^ a0) ^ keys[k + 4 * c + 3]
    return s


def main(nblocks, rounds):
    sbox = make_sbox()
    keys = bytearray(16 * (rounds + 1))
    x = 1
    for i in range(len(keys)):
        x = (x * 75 + 74) % 65537
        keys[i] = x & 0xFF
    block = bytearray(16)
    for i in range(16):
        block[i] = i * 17
    check = 0
    for n in range(nblocks):
        block = encrypt(block, keys, sbox, rounds)
        for i in range(16):
            check = (check * 31 + block[i]) & 0xFFFFFF
    print("aesmix", sbox[0], sbox[1], sbox[83], check)


main(24, 10)
