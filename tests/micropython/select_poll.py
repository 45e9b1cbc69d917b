import sys
import io
import uselect
import select

print(uselect is select, select.POLLIN, select.POLLOUT, select.POLLERR, select.POLLHUP)
p = select.poll()
p.register(sys.stdout, select.POLLOUT)
print(p.poll(0))
s = io.StringIO()
p.register(s, select.POLLIN)
r = p.poll(10)
print(len(r), r[0] == (sys.stdout, select.POLLOUT), r[1] == (s, select.POLLIN))
p.unregister(sys.stdout)
print([ev for obj, ev in p.ipoll(0)])
p.modify(s, select.POLLOUT)
print(p.poll(0) == [(s, select.POLLOUT)])
p.unregister(s)
print(p.poll(0))
p.register(sys.stdin, select.POLLIN)
print(type(p.poll(0)))
print(select.select([], [sys.stdout], [], 0) == ([], [sys.stdout], []))
try:
    p.register(1)
except TypeError:
    print('TypeError')
try:
    p.modify(io.StringIO(), select.POLLIN)
except OSError as e:
    print('OSError', e.args)
