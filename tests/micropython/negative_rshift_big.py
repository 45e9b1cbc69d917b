# shifting a big int right by a negative count, at module level
big = 2 ** 100
print(big >> 99)
n = -2
print(big >> n)
print("unreachable")
