# uctypes pointers over RAM at a fixed address (the bottom of the pyboard's stack
# region, below the stack limit): a pointer field holds an address (a 4-byte word on
# the pyboard); ptr[i] reads and writes the i-th element after it like C (negative
# indexes too), a pointer to a struct gives struct objects sizeof(target) apart.
# Expected values by hand (little-endian words, e.g. bytes 1, 2 read as UINT16 = 0x0201).
import machine
import uctypes

A = 0x20018000
DATA = A + 32

for i in range(16):
    machine.mem32[A + 4 * i] = 0
for i in range(16):
    machine.mem8[DATA + i] = i + 1

desc = {
    "p8": (uctypes.PTR | 0, uctypes.UINT8),
    "p16": (uctypes.PTR | 4, uctypes.UINT16),
    "pi32": (uctypes.PTR | 8, uctypes.INT32),
    "ps": (uctypes.PTR | 12, {"a": uctypes.UINT16 | 0, "b": uctypes.UINT8 | 2}),
    "pv": (uctypes.PTR | 16, uctypes.VOID),
    "addr": uctypes.UINT32 | 0,
}
print(uctypes.sizeof(desc), uctypes.sizeof({"ps": desc["ps"]}))
S = uctypes.struct(A, desc)
print(S.p8, S.ps, uctypes.sizeof(S.p8), uctypes.sizeof(S.ps))

S.p8 = DATA
machine.mem32[A + 4] = DATA + 2
S.pi32 = DATA + 4
S.ps = DATA
print(hex(S.addr), hex(machine.mem32[A + 12]))
print(S.p8[0], S.p8[1], S.p8[15], S.p8[-1], S.p8[-32])
print(hex(S.p16[0]), hex(S.p16[1]), hex(S.p16[-1]))
print(hex(S.pi32[0]), hex(S.pi32[2]))
# struct { uint16_t a; uint8_t b; } is 4 bytes natively
print(S.ps[0], S.ps[1], S.ps[-1])
print(hex(S.ps[0].a), S.ps[0].b, hex(S.ps[1].a), S.ps[1].b)

S.p8[3] = 0x1FF
S.p16[2] = 0xBEEF
S.pi32[1] = -1
S.ps[2].b = 77
print(machine.mem8[DATA + 3], hex(machine.mem16[DATA + 6]), machine.mem32[DATA + 8])
print(machine.mem8[DATA + 10], machine.mem8[DATA + 11])
print(S.p8[3], S.p8[6], S.p8[7], S.pi32[1], S.ps[2].b)

# in a packed struct a pointer is still a native word and scalar targets are read
# natively; struct targets keep the layout (3-byte elements here)
P = uctypes.struct(A, desc, uctypes.BIG_ENDIAN)
print(hex(P.p16[0]), P.ps[1])  # p16[0]: bytes 3 and 0xFF (p8[3] above)

try:
    S.ps[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    S.p8[1 << 40]
except IndexError as e:
    print("IndexError:", e)
try:
    S.p8.x
except TypeError as e:
    print("TypeError:", e)
