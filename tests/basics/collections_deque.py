from collections import deque

d = deque()
print(len(d), list(d), bool(d))
d.append(1)
d.append(2)
d.appendleft(0)
print(list(d), len(d), bool(d), d[0], d[-1])
print(d.pop(), d.popleft(), list(d))
d.extend([5, 6, 7])
print(list(d), [x * 2 for x in d])
print(d)
q = deque([1, 2, 3], 3)
q.append(4)
print(list(q), q)
q.appendleft(0)
print(list(q))
q = deque((), 2)
for i in range(10):
    q.append(i)
print(list(q))
e = deque()
for f in (e.pop, e.popleft):
    try:
        f()
    except IndexError:
        print('IndexError')
try:
    deque([], 2)[5]
except IndexError:
    print('IndexError')
d.clear()
print(len(d), d)
print(type(d) is deque, isinstance(d, deque))
r = deque([1, 2, 3, 4, 5])
r.rotate()
print(list(r), 3 in r, 9 in r, r.maxlen, deque([], 4).maxlen)
r.rotate(2)
print(list(r))
r.rotate(-3)
print(list(r))
deque().rotate(5)
