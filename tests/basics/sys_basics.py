import sys

print(sys.byteorder)
print(type(sys.argv), type(sys.path), type(sys.version), isinstance(sys.version_info, tuple))
print(sys.maxsize == 2**31 - 1 or sys.maxsize == 2**63 - 1)
print(sys.platform in ('linux', 'pyboard'))
print('sys' in sys.modules, sys.modules['sys'] is sys)
print(sys.version_info[0], sys.version_info >= (3, 4))
n = sys.stdout.write('written\n')
print(n)
print('a', 'b', sep='-', end='!\n', file=sys.stdout)
print(file=sys.stdout)
try:
    sys.exit()
except SystemExit as e:
    print('SystemExit', e.args)
try:
    sys.exit(3)
except SystemExit as e:
    print('SystemExit', e.args)
try:
    sys.exit('message')
except SystemExit as e:
    print('SystemExit', e.args)
try:
    sys.exit(1, 2)
except TypeError:
    print('TypeError')
for s in (sys.stdin, sys.stdout, sys.stderr):
    print(hasattr(s, 'write'), hasattr(s, 'readline'))
import sys as s2
print(s2 is sys)
from sys import stdout, exit


class Out:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)


o = Out()
print('x', 1, [2], file=o)
print(o.parts)
exit(0)
print('not reached')
