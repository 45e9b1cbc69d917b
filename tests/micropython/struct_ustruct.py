import ustruct
import struct

print(ustruct is struct, ustruct.__name__)
print(ustruct.pack("<HI", 1, 2))
try:
    ustruct.pack("<b", 1000)
except ValueError as e:
    print("ValueError", e)
try:
    ustruct.unpack("<i", b"12")
except ValueError as e:
    print("ValueError", e)
