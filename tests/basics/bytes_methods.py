# bytes (and bytearray) methods.
s = b"  hello world  "
print(s.strip(), s.lstrip(), s.rstrip(), b"xxhixx".strip(b"x"), b"abc".strip(b""))
print(b"a,b,,c".split(b","), b" a  b c ".split(), b"a,b,c".split(b",", 1), b"".split())
print(b"a,b,c".rsplit(b",", 1), b" a b  c ".rsplit(None, 1), b"a b".rsplit())
print(b"hello".find(b"l"), b"hello".rfind(b"l"), b"hello".find(b"z"), b"hello".find(108))
print(b"hello".index(b"e"), b"hello".count(b"l"), b"hello".count(108), b"aaa".count(b""))
print(b"hello".find(b"l", 3), b"hello".find(b"l", 1, 3), b"hello".rfind(b"l", 0, 3))
print(b"hello".startswith(b"he"), b"hello".endswith(b"lo"), b"hello".startswith((b"x", b"h")))
print(b"hello".startswith(b"l", 2), b"hello".endswith(b"l", 0, 4))
print(b", ".join([b"a", b"b", b"c"]), b"".join([]), b"-".join((b"x", bytearray(b"y"))))
print(b"aXbXc".replace(b"X", b"--"), b"aaa".replace(b"a", b"b", 2), b"ab".replace(b"", b"-"))
print(b"Hello".upper(), b"Hello".lower(), b"\xffA".lower())
print(b"key=value=x".partition(b"="), b"key=value=x".rpartition(b"="), b"abc".partition(b"z"))
print(b"123".isdigit(), b"12a".isdigit(), b"abc".isalpha(), b" \t".isspace(), b"AB".isupper())
print(b"\x00\x01\xfe\xff".hex(), b"".hex(), b"abc".hex(":"), bytes.fromhex("00 01ff"))
print(bytes.fromhex("DEADbeef"), bytearray.fromhex("0a0b"), b"x".hex())
print(b"caf\xe9".decode("latin-1"), b"abc".decode("ascii"), ord(b"a"), ord(bytearray(b"\xff")))
print(int.from_bytes(b"\x01\x02", "big"), int.from_bytes(b"\x01\x02", "little"))
print(int.from_bytes(b"\xff\xff", "big", signed=True), int.from_bytes(b"", "big"))
print(int.from_bytes(b"\x01\x02\x03\x04\x05\x06\x07\x08\x09", "little"))
print((258).to_bytes(2, "big"), (258).to_bytes(4, "little"), (0).to_bytes(0, "big"))
print((2**70).to_bytes(9, "big"), (-1).to_bytes(2, "little", signed=True))
print(int.from_bytes((123456789).to_bytes(8, "big"), "big"), (5).to_bytes(1, "little"))
try:
    (256).to_bytes(1, "big")
except OverflowError:
    print("OverflowError")
try:
    (-1).to_bytes(1, "big")
except OverflowError:
    print("OverflowError")
try:
    b"abc".index(b"z")
except ValueError:
    print("ValueError")
try:
    bytes.fromhex("0g")
except ValueError:
    print("ValueError")
