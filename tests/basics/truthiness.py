# truthiness of ints, big ints, strings, None, bools
def truth(x):
    if x:
        return "T"
    else:
        return "F"

print(truth(0), truth(1), truth(-1), truth(2 ** 100), truth(-(2 ** 100)), truth(2 ** 100 - 2 ** 100))
print(truth(""), truth(" "), truth("0"), truth("False"), truth(None), truth(True), truth(False))
print(truth(2 ** 62), truth(2 ** 30), truth(1 << 64 >> 64), truth(1 << 64 >> 65))
n = 3
while n:
    print("n", n)
    n -= 1
s = "abc"
if s:
    print("non-empty string is true")
if not "":
    print("empty string is false")
if None:
    print("no")
elif 0:
    print("no")
elif "":
    print("no")
elif 0 * 2 ** 100:
    print("no")
else:
    print("all falsy")
print(1 if 2 ** 70 else 0, 1 if "" else 0, 1 if None else 0, 1 if -3 else 0)
print(True == 1, False == 0, None is None)
