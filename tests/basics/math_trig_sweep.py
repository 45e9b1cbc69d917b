# math.sin and math.cos over a sweep of arguments (the pyboard's single-precision
# kernels cover |x| <= 100, libm the rest): values to 4 decimals, identities, and the
# signs and special cases.
import math

xs = [k / 8.0 for k in range(-900, 901, 7)] + [123.25, -250.5, 1000.0, 12345.5]
worst = 0.0
for x in xs:
    s = math.sin(x)
    c = math.cos(x)
    worst = max(worst, abs(s * s + c * c - 1.0))
    if abs(abs(s) - 0.5) > 1e-4 and abs(abs(c) - 0.5) > 1e-4:
        print("%.3f %.4f %.4f" % (x, s, c))
print("unit circle", worst < 1e-6)
print(math.copysign(1.0, math.sin(-0.0)), math.copysign(1.0, math.sin(0.0)), math.cos(0.0))
for bad in (float("inf"), float("-inf")):
    for f in (math.sin, math.cos):
        try:
            f(bad)
        except ValueError:
            print("ValueError")
print(math.isnan(math.sin(float("nan"))), math.isnan(math.cos(float("nan"))))
