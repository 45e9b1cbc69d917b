import io

b = io.BytesIO()
print(b.write(b"hello "), b.write(bytearray(b"world\n")), b.write(memoryview(b"xyz")[1:]))
print(b.getvalue(), b.tell())
b.seek(0)
print(b.read(5), b.tell(), b.read(1), b.readline(), b.read(), b.read(3))
b.seek(2)
b.write(b"LL")
print(b.getvalue())
b.seek(0, 2)
b.write(b"\nend")
print(b.getvalue(), b.tell())

b = io.BytesIO(b"line1\nline2\n\xffline3")
print(b.readline(), b.readline(), b.readline(), b.readline())
b.seek(0)
print(b.readlines())
b.seek(0)
for line in b:
    print(line)
print(b.read(), b.read(-1))
b.seek(0)
print(b.read(-1), b.read(100))
b.seek(10)
b.write(b"!")
print(b.getvalue())
b = io.BytesIO(b"x")
b.seek(3)
b.write(b"y")
print(b.getvalue(), len(b.getvalue()))

with io.BytesIO(b"abc") as f:
    print(f.read(2))
try:
    f.read()
except ValueError:
    print("ValueError")
try:
    io.BytesIO().write("text")
except TypeError:
    print("TypeError")
try:
    io.BytesIO("text")
except TypeError:
    print("TypeError")
s = io.StringIO("é text")
print(s.read(1), s.getvalue())
print(type(io.BytesIO()).__name__, type(io.BytesIO()) is io.BytesIO)
