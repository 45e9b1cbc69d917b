import binascii

data = bytes([0, 1, 0xAB, 0xFF, 0x10])
print(binascii.hexlify(data), binascii.hexlify(b""), binascii.hexlify(bytearray(b"AZ")))
print(binascii.hexlify(data, "-"), binascii.hexlify(data, b":"), binascii.hexlify(b"\x01", " "))
print(binascii.hexlify(data, ":", 2), binascii.hexlify(data, ":", -2))
print(binascii.unhexlify("0001abFF10"), binascii.unhexlify(b"6869"), binascii.unhexlify(""))
print(binascii.unhexlify(binascii.hexlify(data)) == data)

for s in [b"", b"h", b"hi", b"hel", b"hello", bytes(range(256))[250:]]:
    enc = binascii.b2a_base64(s)
    print(enc, binascii.b2a_base64(s, newline=False), binascii.a2b_base64(enc))
print(binascii.a2b_base64("aGVsbG8="), binascii.a2b_base64(b"aGk="), binascii.a2b_base64(""))
print(binascii.a2b_base64("a G\nk="), binascii.a2b_base64("aGk=="), binascii.a2b_base64("aGk=trailing"))
print(binascii.a2b_base64("/+/+"), binascii.b2a_base64(b"\xff\xef\xfe"))

print(binascii.crc32(b"hello"), binascii.crc32(b""), binascii.crc32(b"a", 0xFFFFFFFF))
print(binascii.crc32(b"world", binascii.crc32(b"hello ")), binascii.crc32(b"hello world"))
print(binascii.crc32(bytes(range(256))), binascii.crc32(b"x" * 1000) & 0xFFFF)

def err(f, *args):
    try:
        print(f(*args))
    except ValueError:
        print("ValueError")

err(binascii.unhexlify, "abc")
err(binascii.unhexlify, "zz")
err(binascii.unhexlify, b"0g")
err(binascii.a2b_base64, "aGk")
err(binascii.a2b_base64, "a")
err(binascii.a2b_base64, "aG=k")
try:
    binascii.hexlify("ab")
except TypeError:
    print("TypeError")
try:
    binascii.crc32("ab")
except TypeError:
    print("TypeError")
