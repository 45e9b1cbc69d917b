# bytes: literals, constructors, indexing, slicing, operators, repr, hashing.
a = b"hello"
print(a, len(a), a[0], a[-1], a[1:3], a[::-1], a[::2])
print(repr(b""), b"\x00ab\n", b"'", b'"', b"'\"", b"\\", b"\t\r\x7f\x80\xff")
print(str(b"abc"), repr(b"x"), "%s" % "-", f"{b'ab'}")
print(bytes(), bytes(3), bytes([65, 66, 67]), bytes(range(3)), bytes("héllo", "utf-8"))
print(bytes(b"xy"), bytes(bytearray(b"zz")), bytes((1, 2)))
print(b"ab" + b"cd", b"ab" * 3, 2 * b"x", b"ab" * 0, b"" + b"")
print(b"ab" == b"ab", b"ab" != b"ab", b"ab" < b"b", b"abc" > b"ab", b"a" <= b"a", b"b" >= b"c")
print(b"a" == "a", b"" == b"", b"ab" == bytearray(b"ab"))
print(98 in b"abc", 100 in b"abc", b"bc" in b"abc", b"" in b"abc", b"x" not in b"abc")
for c in b"hi!":
    print(c, end=" ")
print()
print(list(b"abc"), tuple(b"\x01\x02"), sum(b"\x01\x02\x03"))
d = {b"k": 1, b"j": 2}
print(d[b"k"], d[b"j"], b"k" in d, "k" in d, hash(b"ab") == hash(b"a" + b"b"))
print(isinstance(a, bytes), isinstance("s", bytes), type(a).__name__, type(a) is bytes)
print(bool(b""), bool(b"\x00"), b"abc"[5:], b"abc"[-10:2])
x, y = b"xy"
print(x, y, b"%d" if False else b"ok")
print("héllo".encode(), "abc".encode("utf-8"), b"h\xc3\xa9llo".decode(), b"abc".decode("utf-8"))
print(str(b"caf\xc3\xa9", "utf-8"), max(b"azm"), min(b"azm"), sorted(b"cab"))
for bad in ("b'a' + 'a'", "b'a'[3]", "bytes([256])", "bytes([-1])", "bytes('abc')", "b'a' < 'b'", "'a' in b'abc'", "bytes(-1)", "b'\\xff'.decode()", "300 in b'a'"):
    try:
        if bad == "b'a' + 'a'":
            b"a" + "a"
        elif bad == "b'a'[3]":
            b"a"[3]
        elif bad == "bytes([256])":
            bytes([256])
        elif bad == "bytes([-1])":
            bytes([-1])
        elif bad == "bytes('abc')":
            bytes("abc")
        elif bad == "b'a' < 'b'":
            b"a" < "b"
        elif bad == "'a' in b'abc'":
            "a" in b"abc"
        elif bad == "bytes(-1)":
            bytes(-1)
        elif bad == "b'\\xff'.decode()":
            b"\xff".decode()
        else:
            300 in b"a"
        print(bad, "no error")
    except (TypeError, ValueError, IndexError) as e:
        print(bad, "->", type(e).__name__ if not isinstance(e, ValueError) else "ValueError")
