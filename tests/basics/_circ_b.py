print("b starts")
import _circ_a
B = _circ_a.A + 1
print("b done")
