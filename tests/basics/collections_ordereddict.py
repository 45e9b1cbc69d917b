from collections import OrderedDict

d = OrderedDict()
d['z'] = 1
d['a'] = 2
d['m'] = 3
print(list(d.keys()), list(d.values()), list(d.items()))
print(len(d), d['a'], 'z' in d, d.get('q', 0))
del d['a']
d['a'] = 4
print(list(d))
print(isinstance(d, dict), isinstance(d, OrderedDict), type(d).__name__)
e = OrderedDict([('b', 1), ('a', 2)])
print(list(e.items()), e == {'a': 2, 'b': 1})
print(d.pop('z'), list(d.items()))
e.update({'c': 3})
print(list(e), sorted(e))
f = OrderedDict(x=1)
print(list(f.items()))
try:
    e['nope']
except KeyError as k:
    print('KeyError', k)
print(type(d) is OrderedDict, type(f) == OrderedDict)
