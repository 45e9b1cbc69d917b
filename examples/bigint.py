# Arbitrary-precision integers: 50! and 2**200.
def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

print("50! =", factorial(50))
print("2**200 =", 2 ** 200)
print("50! // 2**200 =", factorial(50) // 2 ** 200)
