# uctypes NATIVE structs (little-endian, aligned) over RAM at a fixed address (the
# bottom of the pyboard's stack region, below the stack limit), cross-checked with
# machine.mem8/mem16/mem32 (mem32 reads signed): scalars, floats, arrays of scalars
# and of structs (elements 8 bytes apart: struct { uint32_t a; uint8_t b; } is 8 bytes
# in C), bitfields read and written. Expected values by hand and with CPython's struct
# module (struct.unpack("<I", struct.pack("<f", 1.5)) == (0x3FC00000,)).
import machine
import uctypes

A = 0x20018000

for i in range(16):
    machine.mem32[A + 4 * i] = 0

desc = {
    "u32": uctypes.UINT32 | 0,
    "i16": uctypes.INT16 | 4,
    "u8": uctypes.UINT8 | 6,
    "i8": uctypes.INT8 | 7,
    "f32": uctypes.FLOAT32 | 8,
    "i32": uctypes.INT32 | 12,
    "u64": uctypes.UINT64 | 16,
    "f64": uctypes.FLOAT64 | 24,
    "arr": (uctypes.ARRAY | 32, uctypes.UINT16 | 4),
    "iarr": (uctypes.ARRAY | 40, uctypes.INT32 | 2),
    "arrs": (uctypes.ARRAY | 48, 2, {"a": uctypes.UINT32 | 0, "b": uctypes.UINT8 | 4}),
    "w": uctypes.UINT32 | 0,
    "lo": uctypes.BFUINT32 | 0 | 0 << uctypes.BF_POS | 12 << uctypes.BF_LEN,
    "mid": uctypes.BFUINT32 | 0 | 12 << uctypes.BF_POS | 8 << uctypes.BF_LEN,
    "top": uctypes.BFUINT32 | 0 | 31 << uctypes.BF_POS | 1 << uctypes.BF_LEN,
    # signed bitfields read unsigned, as in MicroPython (moductypes: "TODO: signed")
    "shi": uctypes.BFINT16 | 4 | 12 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "b7": uctypes.BFUINT8 | 7 | 7 << uctypes.BF_POS | 1 << uctypes.BF_LEN,
}
print(uctypes.sizeof(desc))
S = uctypes.struct(A, desc)
print(S)
print(S.u32, S.i16, S.u8, S.i8, S.f32, S.i32, S.u64, S.f64)

S.u32 = 0x12345678
print(hex(machine.mem32[A]), machine.mem8[A], hex(S.u32))
S.u32 = -1
print(machine.mem32[A], S.u32)
S.i16 = -2
S.u8 = 0x1AB
S.i8 = 0x80
print(hex(machine.mem32[A + 4]), S.i16, S.u8, S.i8)
S.f32 = 1.5
print(hex(machine.mem32[A + 8]), S.f32)
S.i32 = 0x80000000
print(S.i32, machine.mem32[A + 12])
S.u64 = -1
print(S.u64, machine.mem32[A + 16], machine.mem32[A + 20])
S.u64 = 0x100000002
print(hex(S.u64), machine.mem32[A + 16], machine.mem32[A + 20])
S.f64 = -0.5
print(S.f64, hex(machine.mem32[A + 28]), machine.mem32[A + 24])

for i in range(4):
    S.arr[i] = 1000 * i + 0x10000
print(S.arr[0], S.arr[1], S.arr[2], S.arr[3], machine.mem16[A + 38])
S.iarr[1] = -7
print(S.iarr[0], S.iarr[1], machine.mem32[A + 44])
S.arrs[1].a = 0xABCD
S.arrs[1].b = 0x1FF
S.arrs[0].b = 3
print(S.arrs[0].a, S.arrs[0].b, S.arrs[1].a, S.arrs[1].b)
print(hex(machine.mem32[A + 56]), machine.mem8[A + 60], machine.mem8[A + 52])
print(uctypes.addressof(S.arrs[1]) - A, uctypes.sizeof(S.arrs), uctypes.sizeof(S.arrs[1]))

# bitfields in the word at offset 0
S.w = 0
S.lo = 0xABC
S.mid = 0x1DE  # truncated to 8 bits: 0xDE
print(hex(S.w), hex(S.lo), hex(S.mid), S.top)
S.top = 1
print(hex(S.w), machine.mem32[A], S.top)
S.lo = -1
print(hex(S.w), S.lo)
S.i16 = -0x1000  # 0xF000
print(S.shi, S.i16)
S.shi = 3
print(S.i16, hex(machine.mem16[A + 4]))
S.i8 = -1
print(S.b7)
S.b7 = 0
print(S.i8, S.u8)
