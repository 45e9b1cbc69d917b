import math


def r(x):
    return round(x, 4)


for name in ('acos', 'asin', 'atan', 'asinh', 'tanh', 'erf', 'erfc', 'expm1', 'sinh', 'cosh'):
    f = getattr(math, name)
    print(name, [r(f(x)) for x in (-0.75, -0.5, 0.0, 0.25, 0.5)])
print([r(math.acosh(x)) for x in (1.0, 1.5, 2.0, 10.0)])
print([r(math.atanh(x)) for x in (-0.5, 0.0, 0.25)])
print([r(math.atan(x)) for x in (-100.0, 1.0, 3.0)])
print(math.degrees(math.pi), math.radians(180.0) == math.pi, r(math.degrees(1.0)))
print(math.copysign(2.5, -0.0), math.copysign(-3, 1), math.fmod(7.5, 2.0), math.fmod(-7.0, 2.0))
print(math.frexp(8.0), math.frexp(0.375), math.frexp(0.0), math.ldexp(0.75, 4), math.ldexp(3, -2))
print(math.modf(2.5), math.modf(-1.25), math.modf(3))
print(math.gamma(5.0), math.gamma(0.5) > 1.77, r(math.lgamma(10.0)), math.lgamma(1.0), math.lgamma(2.0))
print(math.log2(8.0), math.log2(0.5), math.log10(1000.0), math.log10(0.01), r(math.log1p(0.5)))
print(math.log(8.0, 2.0), math.log(1.0), math.exp(0.0), math.sqrt(2.25), math.pow(2.0, 10))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.trunc(7), math.fabs(-4))
print(math.inf, -math.inf, math.isinf(math.inf), math.isnan(math.nan), math.isfinite(1.0))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(1.0, 1.1, rel_tol=0.2))
print(math.isclose(0.0, 0.001, abs_tol=0.01), math.isclose(math.inf, math.inf))
print(math.factorial(0), math.factorial(5), math.factorial(25))
print(math.gcd(12, 18), math.gcd(-12, 18), math.gcd(0, 5), math.gcd(0, 0), math.gcd(2**70, 2**65 * 3))
print(r(math.e), r(math.pi), math.e > 2.718, math.pi < 3.1416)
for f, args in ((math.acos, (2,)), (math.asin, (-1.5,)), (math.acosh, (0.5,)), (math.atanh, (1.0,)),
                (math.log2, (0.0,)), (math.log10, (-1.0,)), (math.gamma, (0.0,)), (math.gamma, (-2.0,)),
                (math.lgamma, (-1.0,)), (math.fmod, (1.0, 0.0)), (math.sqrt, (-1.0,)),
                (math.log, (0.0,)), (math.factorial, (-1,)), (math.log1p, (-1.0,))):
    try:
        print(f(*args))
    except ValueError as e:
        print('ValueError', e)
for bad in ('x', None, [1]):
    try:
        math.sin(bad)
    except TypeError:
        print('TypeError')
try:
    math.gcd(1.5, 2)
except TypeError:
    print('TypeError')
