import ure
import re

print(ure is re)
r = re.compile('a+(b)')
print(r)
m = r.search('xaab')
print(m)
print(m.group(1), m.span())
try:
    re.compile('(')
except ValueError as e:
    print('ValueError', e)
