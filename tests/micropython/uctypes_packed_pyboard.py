# uctypes LITTLE_ENDIAN and BIG_ENDIAN (packed) structs over RAM at a fixed address (the
# bottom of the pyboard's stack region, below the stack limit), set up and checked
# byte by byte with machine.mem8: scalars of every type (unaligned too), nested
# structs, arrays of scalars and of structs, bitfields. Expected values worked out with
# CPython's struct module, e.g. struct.unpack("<H", b"01") == (0x3130,),
# struct.unpack(">i", b"\xff\xff\xff\xfe") == (-2,), struct.pack("<f", -2.25).
import machine
import uctypes

A = 0x20018000


def fill(data):
    for i in range(len(data)):
        machine.mem8[A + i] = data[i]


def dump(n):
    out = []
    for i in range(n):
        out.append(machine.mem8[A + i])
    return out


desc = {
    "s0": uctypes.UINT16 | 0,
    "sub": (0, {"b0": uctypes.UINT8 | 0, "b1": uctypes.UINT8 | 1}),
    "arr": (uctypes.ARRAY | 0, uctypes.UINT8 | 2),
    "arr2": (uctypes.ARRAY | 0, 2, {"b": uctypes.UINT8 | 0}),
    "bitf0": uctypes.BFUINT16 | 0 | 0 << uctypes.BF_POS | 8 << uctypes.BF_LEN,
    "bitf1": uctypes.BFUINT16 | 0 | 8 << uctypes.BF_POS | 8 << uctypes.BF_LEN,
    "bf0": uctypes.BFUINT16 | 0 | 0 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "bf1": uctypes.BFUINT16 | 0 | 4 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "bf2": uctypes.BFUINT16 | 0 | 8 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "bf3": uctypes.BFUINT16 | 0 | 12 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
}

for layout in (uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN):
    print("layout", layout)
    fill([0x30, 0x31])  # b"01"
    S = uctypes.struct(A, desc, layout)
    print(hex(S.s0), S.sub.b0, S.sub.b1)
    print("arr:", S.arr[0], S.arr[1], S.arr[-1], S.arr[-2])
    print("arr of struct:", S.arr2[0].b, S.arr2[1].b)
    print("bf:", S.bitf0, S.bitf1)
    print("bf 4bit:", S.bf3, S.bf2, S.bf1, S.bf0)
    S.sub.b0 = ord("2")
    print(dump(2))
    S.bf3 = 5
    print(dump(2), hex(S.s0))
    S.arr[1] = 0x141  # truncated to 0x41
    S.arr2[0].b = 0x42
    print(dump(2))
    fill([0x30, 0x31, 0x32, 0x33])  # b"0123"
    S2 = uctypes.struct(
        A,
        {
            "bf8": uctypes.BFUINT8 | 0 | 0 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
            "bf32": uctypes.BFUINT32 | 0 | 20 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
        },
        layout,
    )
    S2.bf8 = 5
    print(dump(4))
    S2.bf32 = 5
    print(dump(4), S2.bf8, S2.bf32)

# every scalar type, at odd offsets
sdesc = {
    "u8": uctypes.UINT8 | 0,
    "i8": uctypes.INT8 | 1,
    "u16": uctypes.UINT16 | 3,
    "i16": uctypes.INT16 | 5,
    "u32": uctypes.UINT32 | 7,
    "i32": uctypes.INT32 | 11,
    "u64": uctypes.UINT64 | 15,
    "i64": uctypes.INT64 | 23,
    "f32": uctypes.FLOAT32 | 31,
    "f64": uctypes.FLOAT64 | 35,
}
print(uctypes.sizeof(sdesc, uctypes.LITTLE_ENDIAN), uctypes.sizeof(sdesc))
for layout in (uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN):
    fill([0xFF] * 43)
    S = uctypes.struct(A, sdesc, layout)
    print(S.u8, S.i8, S.u16, S.i16, S.u32, S.i32, S.u64, S.i64)
    S.u8 = 0x1FE
    S.i8 = 200
    S.u16 = 0x12345
    S.i16 = -2
    S.u32 = 0xDEADBEEF
    S.i32 = -0x12345678
    S.u64 = (1 << 64) | 0x0123456789ABCDEF
    S.i64 = -2
    S.f32 = -2.25
    S.f64 = 1.5
    print(S.u8, S.i8, S.u16, S.i16, hex(S.u32), S.i32, hex(S.u64), S.i64, S.f32, S.f64)
    print(dump(23))
    print(dump(43)[23:])
    S.f32 = 3
    print(S.f32)

# errors on writes
S = uctypes.struct(A, sdesc, uctypes.LITTLE_ENDIAN)
for name, value in (("u8", 1.5), ("u64", "x"), ("f32", "x")):
    try:
        setattr(S, name, value)
    except TypeError as e:
        print("TypeError:", e)
B = uctypes.struct(A, {"bf": uctypes.BFUINT8 | 0 | 0 << uctypes.BF_POS | 4 << uctypes.BF_LEN})
try:
    B.bf = 1 << 40
except OverflowError as e:
    print("OverflowError:", e)
try:
    B.bf = None
except TypeError as e:
    print("TypeError:", e)

# packed arrays of wider scalars, unaligned
adesc = {
    "h": (uctypes.ARRAY | 1, uctypes.UINT16 | 2),
    "f": (uctypes.ARRAY | 5, uctypes.FLOAT32 | 2),
    "q": (uctypes.ARRAY | 13, uctypes.INT64 | 2),
}
print(uctypes.sizeof(adesc, uctypes.BIG_ENDIAN), uctypes.sizeof(adesc))
for layout in (uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN):
    fill([0] * 29)
    P = uctypes.struct(A, adesc, layout)
    P.h[0] = 0x1234
    P.h[1] = -1
    P.f[1] = 0.25
    P.q[1] = -3
    print(hex(P.h[0]), P.h[1], P.f[0], P.f[1], P.q[0], P.q[1])
    print(dump(29))
