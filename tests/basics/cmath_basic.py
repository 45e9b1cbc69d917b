import cmath


def r(z):
    # rounded, and -0.0 folded into 0.0, so single and double precision print alike
    if isinstance(z, complex):
        return (round(z.real, 3) + 0.0, round(z.imag, 3) + 0.0)
    return round(z, 3) + 0.0


print(r(cmath.e), r(cmath.pi))
for z in [1 + 2j, -1.5 + 0.5j, 2j, -3 + 0j, 0.25 - 1j, 3, 2.5]:
    print(z, r(cmath.exp(z)), r(cmath.log(z)), r(cmath.log10(z)), r(cmath.sqrt(z)))
    print(r(cmath.cos(z)), r(cmath.sin(z)), r(cmath.phase(z)))
    m, a = cmath.polar(z)
    print(r(m), r(a), r(cmath.rect(m, a)))
print(r(cmath.sqrt(0j)), r(cmath.sqrt(-4)), r(cmath.sqrt(-4 - 0j)), r(cmath.sqrt(4j)))
print(r(cmath.phase(-1)), r(cmath.phase(1j)), r(cmath.phase(-1j)), cmath.phase(0))
print(r(cmath.rect(2, 0)), r(cmath.rect(1, cmath.pi / 2)), r(cmath.rect(3, 1)))
print(r(cmath.log(8, 2)), r(cmath.log(1j, 1 + 1j)), r(cmath.log(100)))
print(type(cmath.exp(0)).__name__, type(cmath.phase(1j)).__name__, type(cmath.polar(1)).__name__)
z = cmath.exp(1j * cmath.pi / 3)
print(r(z * z * z))
try:
    cmath.sqrt("x")
except TypeError:
    print("TypeError")
