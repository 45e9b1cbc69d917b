# and/or/not value semantics and short-circuit
def t(x):
    print("call", x)
    return x

print(0 or 5, 5 or 0, 0 or 0, 3 or 4, None or 7, False or None)
print(0 and 5, 5 and 0, 3 and 4, None and 7, True and False, 1 and None)
print("" or "default", "set" or "default", "" and "x", "a" and "b")
print(not 0, not 1, not -1, not None, not "", not "x", not True, not not 5)
print(1 and 2 or 3, 0 and 2 or 3, 0 or 0 and 1, 1 or 0 and 0)
print(not 1 == 2, not 1 < 2 < 3)
print(t(0) and t(1))
print(t(1) and t(2))
print(t(0) or t(3))
print(t(4) or t(5))
print(t(0) or t(0) or t(6))
print(t(7) and t(0) and t(8))
print(t(None) or t("") or t(0))
print(2 ** 100 or 1, 0 or 2 ** 100, 2 ** 100 and -(2 ** 100))
x = 0
y = x or 10
z = x and 10
print(y, z)
a = None
b = a is None and "was none" or "not none"
print(b)
a = 3
b = a is not None and a or -1
print(b)
if t(0) or t(1) and t(2):
    print("if ok")
while t(0) and t(1):
    print("never")
print((1 and 0) or (0 and 1) or "end")
