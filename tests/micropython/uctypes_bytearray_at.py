# uctypes.bytearray_at aliases memory: a bytearray over another bytearray's data
# (found with addressof) sees and makes changes both ways; its length is fixed
# (hand-checked).
import uctypes

buf = bytearray(b"0123456789")
a = uctypes.addressof(buf)
v = uctypes.bytearray_at(a + 2, 4)
print(v, len(v), type(v) is bytearray)
print(uctypes.addressof(v) == a + 2)

# Writes through the alias show in the original, and the other way round.
v[0] = 65
v[-1] = 0x42
print(buf)
buf[3] = ord("x")
print(v, v[1], v[-1])
buf[2:6] = b"WXYZ"
print(v)

# Equal-length slice assignment writes in place; extended slices too.
v[1:3] = b"ab"
print(buf)
v[::2] = b"!?"
print(buf)
v[:] = bytearray(b"mnop")
print(buf, v == b"mnop")

# Reads: slices are copies (owned bytearrays), iteration, methods, `in`.
s = v[1:3]
s.append(0x2E)
print(s, v, buf)
print(list(v), [c for c in v[::-1]])
print(v.find(b"o"), v.count(b"n"), v.upper(), v.hex(), b"no" in v, 0x70 in v)
print(bytes(v), v + b"!", v * 2, v.copy())
v.reverse()
print(buf)

# A memoryview of the alias writes through to the original.
m = memoryview(v)
m[0] = 0x2A
print(buf, len(m))

# An alias of the whole buffer, and one of nothing.
w = uctypes.bytearray_at(a, len(buf))
w[9] = 0x3D
print(w, buf == w)
e = uctypes.bytearray_at(a, 0)
print(e, len(e), list(e))

# The original can be reached only through the alias.
def alias():
    t = bytearray(b"hidden")
    return uctypes.bytearray_at(uctypes.addressof(t), 6)
h = alias()
h[0] = 0x48
print(h)

# Operations that would change the length raise TypeError; the memory is untouched.
def bad(name, f):
    try:
        f()
        print(name, "ok")
    except TypeError as ex:
        print(name, "TypeError:", ex)

def aug():
    global v
    v += b"x"

def mul():
    global v
    v *= 2

def delitem():
    del v[0]

def delslice():
    del v[1:3]

def grow():
    v[1:2] = b"long"

bad("append", lambda: v.append(1))
bad("extend", lambda: v.extend(b"ab"))
bad("insert", lambda: v.insert(0, 1))
bad("pop", lambda: v.pop())
bad("remove", lambda: v.remove(v[0]))
bad("clear", lambda: v.clear())
bad("+=", aug)
bad("*=", mul)
bad("del item", delitem)
bad("del slice", delslice)
bad("slice grows", grow)
print(v, len(v), buf)

# Changes that keep the length are allowed.
v.extend(b"")
v[1:1] = b""
del v[2:2]
e.clear()
e += b""
print(v, len(v), e)
try:
    v[4] = 0
except IndexError as ex:
    print("IndexError:", ex)
try:
    uctypes.bytearray_at(a)
except TypeError:
    print("TypeError")
