# operand forms of compact bytecode: one-byte and long forms of global loads and
# stores (slots past 16), calls and method calls (past 7 positional arguments, with
# keywords), and qstr operands past the short range (more than 64 names of the
# program's own, and runtime names numbered high)


def early():
    # `len` is a builtin until the module assigns the global of that name below
    return len("abc")


print(early())

g00 = 0
g01 = 1
g02 = 2
g03 = 3
g04 = 4
g05 = 5
g06 = 6
g07 = 7
g08 = 8
g09 = 9
g10 = 10
g11 = 11
g12 = 12
g13 = 13
g14 = 14
g15 = 15
g16 = 16
g17 = 17
g18 = 18
g19 = 19


def globals_sum():
    global g19
    g19 += 100
    return g00 + g05 + g15 + g16 + g17 + g18 + g19


print(globals_sum(), g19)


def seven(a, b, c, d, e, f, g):
    return [a, b, c, d, e, f, g]


def eight(a, b, c, d, e, f, g, h):
    return a + b + c + d + e + f + g + h


def nine(a, b, c, d, e, f, g, h, i, j=10):
    return (a, i, j)


print(seven(1, 2, 3, 4, 5, 6, 7), eight(1, 2, 3, 4, 5, 6, 7, 8))
print(nine(1, 2, 3, 4, 5, 6, 7, 8, 9), nine(1, 2, 3, 4, 5, 6, 7, 8, 9, j=0))


class Many:
    def m7(self, a, b, c, d, e, f, g):
        return a * g

    def m8(self, a, b, c, d, e, f, g, h):
        return a * h

    def m9(self, a, b, c, d, e, f, g, h, i, scale=1):
        return (a + i) * scale


m = Many()
print(m.m7(1, 2, 3, 4, 5, 6, 7), m.m8(2, 2, 3, 4, 5, 6, 7, 8))
print(m.m9(1, 2, 3, 4, 5, 6, 7, 8, 9), m.m9(1, 2, 3, 4, 5, 6, 7, 8, 9, scale=3))


class Names:
    def __init__(self):
        self.alpha_00 = 0
        self.alpha_01 = 1
        self.alpha_02 = 2
        self.alpha_03 = 3
        self.alpha_04 = 4
        self.alpha_05 = 5
        self.alpha_06 = 6
        self.alpha_07 = 7
        self.alpha_08 = 8
        self.alpha_09 = 9
        self.alpha_10 = 10
        self.alpha_11 = 11
        self.alpha_12 = 12
        self.alpha_13 = 13
        self.alpha_14 = 14
        self.alpha_15 = 15
        self.alpha_16 = 16
        self.alpha_17 = 17
        self.alpha_18 = 18
        self.alpha_19 = 19
        self.alpha_20 = 20
        self.alpha_21 = 21
        self.alpha_22 = 22
        self.alpha_23 = 23
        self.alpha_24 = 24
        self.alpha_25 = 25
        self.alpha_26 = 26
        self.alpha_27 = 27
        self.alpha_28 = 28
        self.alpha_29 = 29
        self.alpha_30 = 30
        self.alpha_31 = 31
        self.alpha_32 = 32
        self.alpha_33 = 33
        self.alpha_34 = 34
        self.alpha_35 = 35
        self.alpha_36 = 36
        self.alpha_37 = 37
        self.alpha_38 = 38
        self.alpha_39 = 39
        self.alpha_40 = 40
        self.alpha_41 = 41
        self.alpha_42 = 42
        self.alpha_43 = 43
        self.alpha_44 = 44
        self.alpha_45 = 45
        self.alpha_46 = 46
        self.alpha_47 = 47
        self.alpha_48 = 48
        self.alpha_49 = 49
        self.alpha_50 = 50
        self.alpha_51 = 51
        self.alpha_52 = 52
        self.alpha_53 = 53
        self.alpha_54 = 54
        self.alpha_55 = 55
        self.alpha_56 = 56
        self.alpha_57 = 57
        self.alpha_58 = 58
        self.alpha_59 = 59
        self.alpha_60 = 60
        self.alpha_61 = 61
        self.alpha_62 = 62
        self.alpha_63 = 63
        self.alpha_64 = 64
        self.alpha_65 = 65
        self.alpha_66 = 66

    def late(self):
        return self.alpha_00 + self.alpha_40 + self.alpha_65 + self.alpha_66


n = Names()
print(n.late(), n.alpha_66, getattr(n, "alpha_64"), hasattr(n, "alpha_67"))
print(abs(-3), sorted([3, 1, 2]), "x".center(5, "*"), max(4, 9), min(4, 9))
try:
    n.alpha_99
except AttributeError:
    print("AttributeError")


def len(x):
    return -1


print(early(), len("abc"))
