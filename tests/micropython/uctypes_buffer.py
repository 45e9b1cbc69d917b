# uctypes over a bytearray: addressof (buffer protocol), bytes_at copies, a struct
# writing through to the bytearray, bytearray_at aliasing it (hand-checked).
import uctypes
buf = bytearray(b"\x01\x02\x03\x04hello")
a = uctypes.addressof(buf)
print(uctypes.bytes_at(a + 4, 5), uctypes.bytes_at(a, 0))
s = uctypes.struct(a, {"x": uctypes.UINT16 | 0, "y": uctypes.UINT8 | 2}, uctypes.LITTLE_ENDIAN)
print(hex(s.x), s.y)
s.x = 0xBEEF
print(buf[:4])
print(uctypes.bytearray_at(a, 2))
try:
    uctypes.addressof(5)
except TypeError as e:
    print("TypeError:", e)
