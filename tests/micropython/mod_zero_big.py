# big int modulo zero at module level, after a loop counts the divisor down
big = 3 ** 80
d = 3
while d > 0:
    print(d, big % d, big % (d + 1))
    d -= 1
print(big % d)
print("unreachable")
