import struct

# standard sizes, both byte orders
print(struct.calcsize("<bBhHiIlLqQ"), struct.calcsize(">?xef d"), struct.calcsize("!4s3H"))
print(struct.pack("<bBhH", -1, 255, -2, 65535))
print(struct.pack(">iI", -2, 4000000000))
print(struct.pack("!lL", -3, 1 << 31))
print(struct.pack("<qQ", -(1 << 62), (1 << 64) - 1))
print(struct.pack(">q", 1 << 40))
print(struct.unpack("<bBhH", b"\xff\xff\xfe\xff\xff\xff"))
print(struct.unpack(">iI", b"\xff\xff\xff\xfe\xee\x6b\x28\x00"))
print(struct.unpack("<qQ", b"\x00" * 7 + b"\xc0" + b"\xff" * 8))
print(struct.unpack(">q", struct.pack(">q", -(1 << 40))))
print(struct.unpack("=H", b"\x34\x12"), struct.unpack("!H", b"\x34\x12"))

# native mode: alignment
print(struct.calcsize("bi"), struct.calcsize("ib"), struct.calcsize("bq"), struct.calcsize("@bh"))
print(struct.pack("bi", 1, 2), struct.pack("@hb", 1, 2))
print(struct.unpack("bi", b"\x01\x00\x00\x00\x02\x00\x00\x00"))

# repeat counts, strings, padding, bools
print(struct.pack("<3H", 1, 2, 3), struct.unpack("<3H", b"\x01\x00\x02\x00\x03\x00"))
print(struct.pack("4s", b"ab"), struct.pack("2s", b"abcdef"), struct.pack("0s", b"a"))
print(struct.unpack("4s2x", b"abcd\x00\x00"))
print(struct.pack(">3s2x?", b"abcdef", 5), struct.pack("??", 0, []))
print(struct.unpack("???", b"\x00\x01\x07"))
print(struct.pack("5p", b"ab"), struct.unpack("5p", b"\x02abcd"))
print(struct.pack("c2c", b"x", b"y", b"z"), struct.unpack("cc", b"pq"))
print(struct.pack("< h 2b", 1, 2, 3))
print(struct.pack(b"<h", 7), struct.calcsize(b"<q"))

# floats
print(struct.pack("<f", 1.5), struct.pack(">d", -2.25), struct.pack("<e", 1.5))
print(struct.pack("<f", 3), struct.pack("<e", 65504), struct.pack("<e", -0.0))
print(struct.unpack("<f", b"\x00\x00\xc0\x3f"), struct.unpack(">d", b"\xc0\x02\x00\x00\x00\x00\x00\x00"))
print(struct.unpack("<e", b"\x00\x3e"), struct.unpack("<e", b"\x00\x7c"), struct.unpack("<e", b"\x01\x00")[0] > 0)
print(struct.pack("<e", 1e-7), struct.pack("<e", 0.1), struct.pack("<e", 2049))
x = struct.unpack("<f", struct.pack("<f", 0.1))[0]
print(round(x, 5))

# unpack_from and pack_into with offsets
data = bytes(range(10))
print(struct.unpack_from("<H", data), struct.unpack_from("<H", data, 3), struct.unpack_from("<H", data, -2))
print(struct.unpack_from("<I", data, offset=6), struct.unpack_from(">4B", memoryview(data), 1))
buf = bytearray(8)
struct.pack_into("<hh", buf, 2, -1, 258)
print(buf)
struct.pack_into(">H", buf, -2, 0xABCD)
print(buf)
print(struct.unpack("<hh", buf[2:6]))

# errors (CPython raises struct.error, MicroPython ValueError)
def err(f, *args):
    try:
        f(*args)
        print("no error")
    except (ValueError, struct.error, OverflowError, TypeError) as e:
        print("error")

err(struct.pack, "b", 200)
err(struct.pack, "B", -1)
err(struct.pack, "<h", 40000)
err(struct.pack, "<Q", -1)
err(struct.pack, "<i", 1 << 40)
err(struct.pack, "<i", 1.5)
err(struct.pack, "<f", "x")
err(struct.pack, "<hh", 1)
err(struct.pack, "<h", 1, 2)
err(struct.pack, "z", 1)
err(struct.pack, "<4", 1)
err(struct.unpack, "<h", b"\x01")
err(struct.unpack, "<h", b"\x01\x02\x03")
err(struct.unpack_from, "<i", b"\x01\x02", 0)
err(struct.unpack_from, "<h", b"\x01\x02", -3)
err(struct.unpack_from, "<h", b"\x01\x02\x03", 2)
err(struct.pack_into, "<i", bytearray(3), 0, 1)
err(struct.pack_into, "<i", bytearray(6), -7, 1)
try:
    struct.pack("<e", 1e6)
except OverflowError:
    print("OverflowError")
try:
    struct.pack_into("<i", bytes(6), 0, 1)
except TypeError:
    print("TypeError")
try:
    struct.unpack("<i", 5)
except TypeError:
    print("TypeError")
