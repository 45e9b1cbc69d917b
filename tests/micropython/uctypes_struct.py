# uctypes.struct objects without touching memory: printing (MicroPython's
# "<struct KIND hexaddr>"), aggregate fields and array elements as new struct objects
# at computed addresses, bounds checks and the errors MicroPython raises.
import uctypes

print(uctypes.struct)
print(uctypes.struct(0, {"arr": (uctypes.ARRAY | 0, uctypes.UINT8 | 1)}))
print(uctypes.struct(0, [(uctypes.ARRAY | 0, uctypes.UINT8 | 1)]))
print(uctypes.struct(0, (uctypes.ARRAY | 0, uctypes.UINT8 | 1)))
print(uctypes.struct(0, (uctypes.PTR | 0, uctypes.UINT8 | 1)))
print(uctypes.struct(0x20018000, {}))
s = uctypes.struct(0x1234, {}, uctypes.BIG_ENDIAN)
print(s, isinstance(s, uctypes.struct))
print(uctypes.addressof(s), hex(uctypes.addressof(uctypes.struct(0x20018000, {}))))

desc = {
    "sub": (4, {"b0": uctypes.UINT8 | 0, "b1": uctypes.UINT8 | 1}),
    "arr16": (uctypes.ARRAY | 2, uctypes.UINT16 | 3),
    # struct { uint32_t a; uint8_t b; }: 8 bytes natively, 5 packed
    "arrs": (uctypes.ARRAY | 8, 3, {"a": uctypes.UINT32 | 0, "b": uctypes.UINT8 | 4}),
    "ptr": (uctypes.PTR | 12, uctypes.UINT8),
    "ptrs": (uctypes.PTR | 16, {"a": uctypes.UINT32 | 0}),
    "bytes": (uctypes.ARRAY | 20, uctypes.UINT8 | 4),
}
S = uctypes.struct(0x1000, desc)
print(S.sub, S.arr16, S.ptr, S.ptrs)
print(S.arrs, S.arrs[0], S.arrs[1], S.arrs[2])
P = uctypes.struct(0x1000, desc, uctypes.LITTLE_ENDIAN)
print(P.arrs[1], P.arrs[2], P.sub)
print(uctypes.addressof(S.arrs[2]) - uctypes.addressof(S), uctypes.addressof(P.arrs[2]))
print(uctypes.sizeof(S.arrs), uctypes.sizeof(P.arrs), uctypes.sizeof(S.arrs[0]))

for i in (3, 4, 100, 1 << 70, -1):
    try:
        S.arrs[i]
    except IndexError as e:
        print("IndexError:", e)
    try:
        S.arr16[i]
    except IndexError as e:
        print("IndexError:", e)
try:
    S.bytes[4]
except IndexError as e:
    print("IndexError:", e)
try:
    S.bytes[-5]
except IndexError as e:
    print("IndexError:", e)

# errors
try:
    S[0]
except TypeError as e:
    print("TypeError:", e)
try:
    S.sub[0]
except TypeError as e:
    print("TypeError:", e)
try:
    del S[0]
except TypeError as e:
    print("TypeError:", e)
try:
    S.arrs[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    S.arr16["a"]
except TypeError as e:
    print("TypeError:", e)
try:
    S.nope
except KeyError as e:
    print("KeyError:", e)
try:
    S.nope = 1
except KeyError as e:
    print("KeyError:", e)
try:
    S.arr16 = 1
except TypeError:
    print("TypeError")
try:
    S.arr16.x
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.struct(0, []).x
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.struct(0, {"x": []}).x
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.struct(0, {"x": (uctypes.ARRAY | 0, 1, {}, 2)}).x
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.struct(0)
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.struct(0, {}, 0, 1)
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.struct("0", {})
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.struct(0, {}, layout=0)
except TypeError as e:
    print("TypeError:", e)
try:
    uctypes.addressof(0x1000)
except TypeError as e:
    print("TypeError:", e)
print(uctypes.bytes_at(0, 0))
print(len(uctypes.bytearray_at(0, 4)), uctypes.bytearray_at(0, 0))
