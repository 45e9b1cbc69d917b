# str methods, f-strings, format(), % formatting (ints and strs; floats exact in f32).
s = "Hello, World"
print(s.lower(), s.upper(), s.split(", "), s.find("o"), s.rfind("o"), s.count("l"))
print(s.replace("l", "L"), s.startswith("Hell"), s.endswith("x"), s.partition(", "))
print("  pad ".strip(), "xxhixx".strip("x"), "a-b-c".rsplit("-", 1), "|".join("abc"))
print("42".isdigit(), "ab".isalpha(), " ".isspace(), "abc".center(9, "*"), "7".zfill(3))
n = 255
name = "upyc"
print(f"{n} {n:x} {n:#o} {n:08b} {n:>6}| {n:<6}| {n:^7}| {n:,}")
print(f"{name!r} {name:>8} {name.upper()} {len(name) * 2}")
print(f"{n=}", f"{1 + 1}", f"{'q'}", f"{{braces}}")
print("{} and {}".format("a", "b"), "{1} {0}".format("x", "y"), "{k}".format(k=5))
print("%d %5d %-5d| %x %o %s %r %%" % (7, 8, 9, 255, 8, "s", "r"))
print("%s" % "single", "%03d" % 5, "%+d" % 3)
print(format(1234567, ","), format(42, "b"), format("t", "^5"))
x = 0.5
print(x, x * 3, 1.25 + 2, 7 / 2, 10 / 4, 2 ** -2, -1.5, 3.0)
print(f"{x:.2f} {2.5:e} {0.25:%}", "%.1f" % 0.75, int(3.75), float(2), round(2.5))
print(1.5 < 2, 2.0 == 2, 3 // 2.0, -7.5 // 2, 7.5 % 2)
