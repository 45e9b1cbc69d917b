import io

s = io.StringIO()
print(s.write('hello'), s.write(' world\n'), s.write('line 2\nline 3'))
print(repr(s.getvalue()))
print(s.tell(), s.seek(0), s.tell())
print(repr(s.readline()), repr(s.read(4)), repr(s.readline()), repr(s.read()), repr(s.read()))
s.seek(0)
print([line for line in s])
s.seek(0)
print(s.readlines())
print('printed', 1, [2], file=s)
print(repr(s.getvalue()))
t = io.StringIO('abc\ndef')
print(repr(t.read(2)), repr(t.readline()), repr(t.readline()), repr(t.readline()))
u = io.StringIO('abcdef')
u.write('XY')
print(repr(u.getvalue()), repr(u.read()))
u.seek(0, 2)
u.write('!')
print(repr(u.getvalue()))
with io.StringIO() as w:
    w.write('in with')
    print(w.getvalue())
w.close()
try:
    w.write('x')
except ValueError:
    print('ValueError')
try:
    io.StringIO().write(1)
except TypeError:
    print('TypeError')
v = io.StringIO('naïve\n')
print(repr(v.read(3)), repr(v.read()))
print(type(v) is io.StringIO, isinstance(v, io.StringIO))
