# bytearray and bytes indexing (inline in native code, a short path in the runtime) for
# small-int indices in range: edges of the index and of the stored value, other types
# at the same sites.
ba = bytearray(b"hello")
bs = b"world"
lst = [1, 2, 3]
print(ba[0], ba[4], bs[0], bs[4], lst[2])
ba[0] = 72
ba[4] = 255
ba[1] = 0
print(ba)
for bad in (256, -1, 1 << 40, "x", 1.0, True):
    try:
        ba[2] = bad
        print("stored", bad, ba)
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__)
for i in (5, -1, -5, -6, 100):
    for s in (ba, bs, lst):
        try:
            print(s[i])
        except IndexError as e:
            print("IndexError")
try:
    bs[0] = 1
except TypeError:
    print("TypeError bytes")
m = memoryview(ba)
print(m[1])
e = bytearray()
try:
    e[0]
except IndexError:
    print("empty")
big = bytearray(range(256))
t = 0
for i in range(256):
    t += big[i]
    big[i] = (big[i] * 7) & 0xFF
print(t, sum(big), big[255])
