import heapq

h = []
for x in (5, 3, 8, 1, 9, 2, 7):
    heapq.heappush(h, x)
    print(h)
out = []
while h:
    out.append(heapq.heappop(h))
    print(h)
print(out)
data = [9, 4, 7, 1, 8, 2, 6, 3, 5, 0]
heapq.heapify(data)
print(data)
print(heapq.heappushpop(data, -1), heapq.heappushpop(data, 4), data)
print(heapq.heapreplace(data, 10), data)
print(heapq.nsmallest(3, [5, 1, 4, 2, 3]), heapq.nlargest(2, [5, 1, 4, 2, 3]))
print(heapq.nlargest(2, ['bb', 'a', 'ccc'], key=len), heapq.nsmallest(0, [1]))
t = []
for item in [(2, 'b'), (1, 'a'), (3, 'c'), (1, 'z')]:
    heapq.heappush(t, item)
print([heapq.heappop(t) for _ in range(len(t))])
for f, args in ((heapq.heappop, ([],)), (heapq.heapreplace, ([], 1))):
    try:
        f(*args)
    except IndexError:
        print('IndexError')
for f, args in ((heapq.heappush, ((), 1)), (heapq.heapify, ('abc',))):
    try:
        f(*args)
    except TypeError:
        print('TypeError')
try:
    heapq.heappush([1], 'a')
except TypeError:
    print('TypeError')
