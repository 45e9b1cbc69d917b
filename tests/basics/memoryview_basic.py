# memoryview over bytes and bytearray: views share memory.
ba = bytearray(b"abcdef")
m = memoryview(ba)
print(len(m), m[0], m[-1], m.readonly, bytes(m), m.tobytes(), m.hex(), m.tolist())
m[0] = 65
print(ba)
s = m[2:5]
print(len(s), bytes(s), s[0], s.tolist())
s[0] = 67
s[1:3] = b"DE"
print(ba, bytes(s))
t = s[1:]
t[1] = 33
print(ba, bytes(m[:0]), list(m[4:]))
r = memoryview(b"xyz")
print(r.readonly, r[1], bytes(r[1:]), r == b"xyz", r.tobytes() == b"xyz")
print(bytes(memoryview(m)), m == ba, b"".join([m[0:1], b"-"]), bytearray(m[1:3]))
for c in memoryview(b"hi"):
    print(c)
for bad in range(4):
    try:
        if bad == 0:
            r[0] = 1
        elif bad == 1:
            memoryview("str")
        elif bad == 2:
            m[10]
        else:
            m[0:2] = b"abc"
        print(bad, "no error")
    except (TypeError, ValueError, IndexError) as e:
        print(bad, type(e).__name__)
