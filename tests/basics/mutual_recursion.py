# mutually recursive functions
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)

def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)

def hof_f(n):
    if n == 0:
        return 1
    return n - hof_m(hof_f(n - 1))

def hof_m(n):
    if n == 0:
        return 0
    return n - hof_f(hof_m(n - 1))

def ping(n):
    if n <= 0:
        return 0
    print("ping", n)
    return 1 + pong(n - 1)

def pong(n):
    if n <= 0:
        return 0
    print("pong", n)
    return 10 + ping(n - 1)

for i in range(0, 12):
    print(i, is_even(i), is_odd(i))
print(is_even(101), is_odd(101), is_even(200))
for i in range(0, 20):
    print(hof_f(i), hof_m(i))
print(ping(7))
