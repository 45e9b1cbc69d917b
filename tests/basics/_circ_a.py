print("a starts")
A = 1
import _circ_b
print("a sees", _circ_b.B)


def get():
    return _circ_b.B + A
