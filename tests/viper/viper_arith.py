# Viper arithmetic on native ints: wrapping-free values, so host and pyboard agree.
import micropython


@micropython.viper
def add(a: int, b: int) -> int:
    return a + b


@micropython.viper
def mix(a: int, b: int) -> int:
    x = a * 3 - b
    y = (x << 2) | 1
    z = y ^ 0x55
    w = z & 0xFFF
    return w >> 1


@micropython.viper
def divs(a: int, b: int) -> int:
    return (a // b) * 1000 + a % b


@micropython.viper
def neg(a: int) -> int:
    return -a + ~a


@micropython.viper
def cmp(a: int, b: int) -> bool:
    return a < b


@micropython.viper
def sumto(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


@micropython.viper
def sumstep(a: int, b: int, c: int) -> int:
    s = 0
    for i in range(a, b, c):
        s = s * 3 + i
    return s


@micropython.viper
def collatz(n: int) -> int:
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@micropython.viper
def loops(n: int) -> int:
    total = 0
    i = 0
    while True:
        i += 1
        if i > n:
            break
        if i % 3 == 0:
            continue
        total += i
    return total


@micropython.viper
def fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)


@micropython.viper
def logic(a: int, b: int) -> int:
    r = 0
    if a > 0 and b > 0:
        r += 1
    if a > 0 or b > 0:
        r += 10
    if not a:
        r += 100
    return r


print(add(2, 3), add(-7, 4))
print(mix(10, 3), mix(-5, 9))
print(divs(7, 2), divs(-7, 2), divs(7, -2), divs(-7, -2))
print(neg(5), neg(-3))
print(cmp(1, 2), cmp(2, 1))
print(sumto(100), sumto(0))
print(sumstep(0, 10, 3), sumstep(10, 0, -3), sumstep(5, 5, 1))
print(collatz(27))
print(loops(10))
print(fact(10))
print(logic(1, 1), logic(0, 1), logic(0, 0), logic(-1, 0))
