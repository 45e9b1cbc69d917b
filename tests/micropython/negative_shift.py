# shifting left by a negative count
def shl(a, n):
    return a << n

print(shl(1, 3))
print(shl(1, -1))
print("unreachable")
