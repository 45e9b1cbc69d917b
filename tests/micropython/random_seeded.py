import urandom
import random

print(urandom is random)
random.seed(1)
print([random.getrandbits(8) for _ in range(8)])
print([random.randint(1, 100) for _ in range(8)])
print([random.randrange(0, 50, 5) for _ in range(5)], random.choice('abcdefgh'))
print(random.getrandbits(32), random.getrandbits(1))
print([int(random.random() * 1000) for _ in range(5)])
random.seed(1)
print([random.getrandbits(8) for _ in range(3)])
for n in (0, 33):
    try:
        random.getrandbits(n)
    except ValueError as e:
        print('ValueError', e)
