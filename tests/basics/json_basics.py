import json
import io

for v in (None, True, False, 0, -12, 2**70, 1.5, -0.25, 1e20, 'text', '', 'q"uote\\back\nnl\ttab\x01',
          [], [1, 'a', None], (1, 2), {}, {'a': 1, 'b': [True, {'c': None}]}, [[[]]]):
    s = json.dumps(v)
    print(s, json.loads(s))
print(json.dumps({1: 'one', 2.5: 'x', True: 't', None: 'n'}))
print(json.dumps([1, {'a': 2}], separators=(',', ':')))
print(json.loads(' { "k" : [ 1 , 2.0 , -3e2 , 4E-1 , "s" ] , "t" : true , "f" : false , "n" : null } '))
print(json.loads('"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00e9\\u20ac"'))
print(len(json.loads('"\\ud83d\\ude00"')), json.loads('123456789012345678901234567890'))
print(json.loads('[]'), json.loads('{}'), json.loads('0'), json.loads('-0.5'), json.loads(' "a" '))
for bad in ('', '[', '[1,]', '{"a" 1}', '{1: 2}', 'tru', 'nul', '"abc', '[1 2]', '1.', '-', '"\\x"', '{"a":1}x', "'s'"):
    try:
        json.loads(bad)
        print('no error', bad)
    except ValueError:
        print('ValueError', repr(bad))
for bad in ({1, 2}, object(), {(1, 2): 3}):
    try:
        json.dumps(bad)
    except TypeError:
        print('TypeError')
s = io.StringIO()
json.dump({'x': [1, 2]}, s)
print(s.getvalue())
s.seek(0)
print(json.load(s))
print(json.load(io.StringIO('[1, {"a": "b"}]')))
