import random

random.seed(42)
ok = True
for i in range(200):
    a = random.randint(3, 9)
    b = random.randrange(10)
    c = random.randrange(5, 15)
    d = random.randrange(0, 100, 7)
    e = random.random()
    f = random.uniform(2.0, 4.0)
    g = random.choice('abc')
    h = random.getrandbits(8)
    if not (3 <= a <= 9 and 0 <= b < 10 and 5 <= c < 15 and d % 7 == 0 and 0 <= d < 100
            and 0.0 <= e < 1.0 and 2.0 <= f <= 4.0 and g in 'abc' and 0 <= h < 256):
        ok = False
print(ok)
print(sorted(set(random.randint(1, 3) for _ in range(100))))
print(sorted(set(random.randrange(10, 0, -3) for _ in range(100))))
print(sorted(set(random.choice([1, 2]) for _ in range(50))))
random.seed(7)
x = [random.randrange(1000) for _ in range(10)]
random.seed(7)
y = [random.randrange(1000) for _ in range(10)]
print(x == y)
print(random.randint(5, 5), random.randrange(1), random.choice((9,)))
for f, args in ((random.randrange, (0,)), (random.randrange, (5, 5)), (random.randint, (3, 2)),
                (random.randrange, (1, 2, 0))):
    try:
        f(*args)
    except ValueError:
        print('ValueError')
try:
    random.choice([])
except IndexError:
    print('IndexError')
