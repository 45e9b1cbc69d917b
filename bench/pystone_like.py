# A Dhrystone-style integer workload written for upyc (in the spirit of pystone, not a
# copy): records linked into a small chain, procedures that update their fields, global
# arrays indexed by computed subscripts, character and string comparisons.

IDENT1, IDENT2, IDENT3, IDENT4, IDENT5 = 1, 2, 3, 4, 5


class Record:
    def __init__(self, next_rec=None, discr=0, enum=0, value=0, text=""):
        self.next_rec = next_rec
        self.discr = discr
        self.enum = enum
        self.value = value
        self.text = text

    def copy(self):
        return Record(self.next_rec, self.discr, self.enum, self.value, self.text)


glob_int = 0
glob_bool = False
glob_char1 = "A"
glob_char2 = "A"
array1 = [0] * 51
array2 = [[0] * 51 for _ in range(51)]
glob_rec = None


def classify(e):
    # maps an enumeration value to another, with one branch per value
    if e == IDENT1:
        return IDENT3
    if e == IDENT2:
        return IDENT4 if glob_int > 100 else IDENT1
    if e == IDENT3:
        return IDENT2
    if e == IDENT4:
        return IDENT5
    return IDENT3


def update_record(rec):
    nxt = rec.next_rec
    nxt.value = rec.value + 1
    nxt.text = rec.text
    rec.value = 5
    nxt.next_rec = rec.next_rec
    if nxt.discr == IDENT1:
        nxt.value = 6
        nxt.enum = classify(rec.enum)
        nxt.next_rec = glob_rec.next_rec
        nxt.value = nxt.value + 10 * (glob_int % 7)
    else:
        rec.enum = nxt.enum
    return rec


def fill_arrays(a1, a2, i, j):
    loc = i + 5
    a1[loc] = j
    a1[loc + 1] = a1[loc]
    a1[loc + 30] = loc
    for k in range(loc, loc + 2):
        a2[loc][k] = loc
    a2[loc][loc - 1] += 1
    a2[loc + 20][loc] = a1[loc]
    return loc


def compare_chars(c1, c2):
    if c1 != c2:
        return IDENT1
    return IDENT2


def compare_strings(s1, s2):
    k = 2
    c = "A"
    while k <= 2:
        if compare_chars(s1[k], s2[k + 1]) == IDENT1:
            c = "A"
            k += 1
    if "W" <= c <= "Z":
        k = 7
    if c == "X":
        return True
    if s1 > s2:
        return True
    return False


def run(loops):
    global glob_int, glob_bool, glob_char1, glob_char2, glob_rec
    glob_rec = Record(Record(), IDENT1, IDENT3, 40, "SOME STRING, 1ST")
    glob_rec.next_rec.discr = IDENT1
    s1 = "SOME STRING, 1ST"
    check = 0
    for i in range(loops):
        glob_char1 = "A"
        glob_bool = glob_char1 == "A"
        glob_char2 = "B"
        s2 = "SOME STRING, 2ND"
        a = 2
        b = 3
        glob_bool = not compare_strings(s1, s2)
        while a < b:
            c = 5 * a - b
            a += 1
        loc = fill_arrays(array1, array2, a, c)
        rec = update_record(glob_rec.copy())
        for ch in "AB":
            if ch == glob_char2:
                glob_int = i
        e = classify(rec.enum)
        b = (b * a) // (c + 1) + loc
        check = (check * 7 + b + e + rec.value + array1[loc] + array2[loc + 20][loc]) % 1000003
    glob_int = check
    return check


print("pystone_like", run(300), array2[8][7], glob_bool)
