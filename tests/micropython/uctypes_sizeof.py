# uctypes constants and sizeof() of descriptors; no memory is touched.
# The constants are MicroPython's encodings: a scalar type code t sits in bits 27..30
# of a 31-bit value (((t << 28) as int32) >> 1, so the bitfield and float types are
# negative), an aggregate kind k in bits 29..30 (((k << 30) as int32) >> 1).
# NATIVE sizes round up to the largest scalar (checked against the equivalent
# ctypes.Structure in CPython, e.g. c_uint32 + c_uint8 -> 8); LITTLE_ENDIAN and
# BIG_ENDIAN are packed (the furthest field end: offset + size).
import uctypes

print(uctypes.NATIVE, uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN)
print(hex(uctypes.VOID), hex(uctypes.UINT8), hex(uctypes.INT8))
print(hex(uctypes.UINT16), hex(uctypes.INT16), hex(uctypes.UINT32), hex(uctypes.INT32))
print(hex(uctypes.UINT64), hex(uctypes.INT64))
print(hex(uctypes.BFUINT8), hex(uctypes.BFINT8), hex(uctypes.BFUINT16))
print(hex(uctypes.BFINT16), hex(uctypes.BFUINT32), hex(uctypes.BFINT32))
print(hex(uctypes.FLOAT32), hex(uctypes.FLOAT64))
print(uctypes.BF_POS, uctypes.BF_LEN, hex(uctypes.PTR), hex(uctypes.ARRAY))
print(uctypes.SHORT == uctypes.INT16, uctypes.UINT == uctypes.UINT32)
print(uctypes.LONGLONG == uctypes.INT64, uctypes.ULONG in (uctypes.UINT32, uctypes.UINT64))

LAYOUTS = (uctypes.NATIVE, uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN)


def sizes(desc):
    print([uctypes.sizeof(desc, layout) for layout in LAYOUTS])


sizes({})
sizes({"a": uctypes.UINT8 | 0})
sizes({"a": uctypes.UINT8 | 0, "b": uctypes.UINT8 | 1})
# struct { uint32_t f1; uint8_t f2; }: 8 natively, 5 packed
desc = {"f1": 0 | uctypes.UINT32, "f2": 4 | uctypes.UINT8}
sizes(desc)
print(uctypes.sizeof(desc) == uctypes.sizeof(desc, uctypes.NATIVE))
# struct { uint8_t a; uint32_t b; uint8_t c; }: 12 natively, 9 packed
sizes({"a": uctypes.UINT8 | 0, "b": uctypes.UINT32 | 4, "c": uctypes.UINT8 | 8})
# overlapping fields and a nested struct inside the first 8 bytes: still 12
S5 = {
    "a": uctypes.UINT8 | 0,
    "b": uctypes.UINT32 | 4,
    "c": uctypes.UINT8 | 8,
    "d": uctypes.UINT32 | 0,
    "sub": (4, {"b0": uctypes.UINT8 | 0, "b1": uctypes.UINT8 | 1}),
}
sizes(S5)
# uint64_t at 0 and uint8_t at 8: 16 natively, 9 packed
sizes({"q": uctypes.INT64 | 0, "b": uctypes.UINT8 | 8})
# floats: float + double -> 16; float + uint8_t -> 8 natively, 5 packed
sizes({"f": uctypes.FLOAT32 | 0, "d": uctypes.FLOAT64 | 8})
sizes({"f": uctypes.FLOAT32 | 0, "b": uctypes.UINT8 | 4})
# uint16_t a; struct { uint8_t x, y; } sub: 4
sizes({"a": uctypes.UINT16 | 0, "sub": (2, {"x": uctypes.UINT8 | 0, "y": uctypes.UINT8 | 1})})
# arrays: uint8_t[5] -> 5; uint16_t[3] at 2 -> 8; struct { uint32_t a; uint8_t b; }[3]
# -> 3 * 8 natively, 3 * 5 packed
sizes({"arr": (uctypes.ARRAY | 0, uctypes.UINT8 | 5)})
sizes({"arr": (uctypes.ARRAY | 2, uctypes.UINT16 | 3)})
sizes({"arr": (uctypes.ARRAY | 0, 3, {"a": uctypes.UINT32 | 0, "b": uctypes.UINT8 | 4})})
sizes({"arr": (uctypes.ARRAY | 1, uctypes.FLOAT64 | 2)})
# bitfields take their container's size at their byte offset
sizes({"bf": uctypes.BFUINT16 | 2 | 3 << uctypes.BF_POS | 4 << uctypes.BF_LEN})
sizes({"bf": uctypes.BFINT32 | 1 | 31 << uctypes.BF_POS | 1 << uctypes.BF_LEN})
sizes({"bf": uctypes.BFUINT8 | 3 | 0 << uctypes.BF_POS | 8 << uctypes.BF_LEN})
# a pointer is a machine word
print(uctypes.sizeof({"p": (uctypes.PTR | 0, uctypes.UINT8)}) in (4, 8))
print(uctypes.sizeof({"p": (uctypes.PTR | 0, uctypes.UINT8)}) == uctypes.sizeof({"l": uctypes.ULONG | 0}))
# aggregate descriptors on their own
print(uctypes.sizeof((uctypes.ARRAY | 0, uctypes.UINT16 | 4)))
print(uctypes.sizeof((0, {"a": uctypes.UINT32 | 0, "b": uctypes.UINT8 | 4})))
print(uctypes.sizeof((0, {"a": uctypes.UINT32 | 0, "b": uctypes.UINT8 | 4}), uctypes.BIG_ENDIAN))

# sizeof() of struct objects uses their layout (no second argument allowed)
s = uctypes.struct(0, desc, uctypes.LITTLE_ENDIAN)
print(uctypes.sizeof(s), uctypes.sizeof(uctypes.struct(0, desc)))
try:
    uctypes.sizeof(s, uctypes.LITTLE_ENDIAN)
except TypeError:
    print("TypeError")
s5 = uctypes.struct(0, S5)
print(uctypes.sizeof(s5), uctypes.sizeof(s5.sub))
arrs = uctypes.struct(
    0,
    {
        "arr": (uctypes.ARRAY | 0, uctypes.UINT8 | 2),
        "arr2": (uctypes.ARRAY | 0, 2, {"b": uctypes.UINT8 | 0}),
        "arr3": (uctypes.ARRAY | 2, uctypes.UINT16 | 2),
    },
    uctypes.LITTLE_ENDIAN,
)
print(uctypes.sizeof(arrs.arr), uctypes.sizeof(arrs.arr2), uctypes.sizeof(arrs.arr3))

# errors
for bad in (5, [], {"x": []}, {"x": (uctypes.ARRAY | 0,)}, {"x": (0, {}, 1)}, {"x": (1.5, {})}):
    try:
        uctypes.sizeof(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    uctypes.sizeof({}, "x")
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.sizeof()
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.sizeof({}, 1, 2)
except TypeError as e:
    print("TypeError:", e)
