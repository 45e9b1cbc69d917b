import uarray
import array

print(uarray is array, uarray.__name__)
a = uarray.array("h", [1, -2])
print(a, isinstance(a, uarray.array))
a += uarray.array("h", [3])
print(a, len(a))
