# complex: literals, constructor, arithmetic, abs, parts, repr (exactly representable values).
a = 1 + 2j
b = complex(3, -4)
print(a, b, 1j, -1j, 2.5j, 0j, complex(), complex(1), complex(1.5, 0), complex(a))
print(repr(a), str(b), [1j, 2 + 0j], (complex(0, -0.0),), complex(-0.0, 1), complex(1, -0.0))
print(a + b, a - b, a * b, b / a, a / 2, 2 / (1 + 1j), a + 1, 1 - a, 0.5 * a, a * 2.0)
print(a ** 2, a ** 0, a ** -1, (1j) ** 2, (2 + 0j) ** 3, 1j ** 4, 2 ** (0j))
print(abs(b), abs(3j), abs(complex(-5, 0)), b.real, b.imag, b.conjugate(), a.conjugate().imag)
print(-a, +a, a == 1 + 2j, a != a, 1 + 0j == 1, 2.0 == 2 + 0j, a == "a", bool(0j), bool(1j))
print(type(a).__name__, isinstance(a, complex), isinstance(1, complex), hash(2 + 0j) == hash(2))
print(complex(1, 2) == complex(1.0, 2.0), {1j: "x"}[1j], 1e3j, 1_0j, 3J)
x = 1j
x *= x
print(x, x.real, x.imag)
for f in (lambda: a / 0, lambda: a < b, lambda: 0j ** -1, lambda: a // 2, lambda: complex("x", 1)):
    try:
        print(f())
    except (ZeroDivisionError, TypeError) as e:
        print(type(e).__name__)
