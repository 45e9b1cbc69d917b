import sys
import usys
import ucollections

print(usys is sys, ucollections.deque)
print(sys.implementation.name, sys.implementation.version, sys.implementation)
print(sys.version, sys.version_info, sys.argv)
print(sys.path == [''] or sys.path == ['', '/flash', '/flash/lib'])
print(sys.stdout)


def f():
    raise ValueError('bad', 1)


try:
    f()
except ValueError as e:
    sys.print_exception(e)
    sys.print_exception(e, sys.stdout)


class Out:
    def write(self, s):
        print('[' + s + ']')


try:
    {}['k']
except KeyError as e:
    sys.print_exception(e, Out())
print(ucollections.OrderedDict(a=1))
print('to stderr', file=sys.stderr)
sys.exit(1)
