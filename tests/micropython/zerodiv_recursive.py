# division by zero at the bottom of a recursion: one frame per level
def down(n):
    if n == 0:
        return 100 // n
    print("down", n)
    return down(n - 1)

print(down(3))
print("unreachable")
