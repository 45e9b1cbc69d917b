import ubinascii
import binascii

print(ubinascii is binascii, ubinascii.__name__)
print(ubinascii.hexlify(b"\x12\x34\x56", ", "))
try:
    ubinascii.unhexlify("123")
except ubinascii.Error as e:
    print(type(e).__name__, e)
