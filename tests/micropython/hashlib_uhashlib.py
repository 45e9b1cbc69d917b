import uhashlib
import ubinascii

h = uhashlib.sha256(b"abc")
print(ubinascii.hexlify(h.digest()))
print(ubinascii.hexlify(uhashlib.sha1(b"abc").digest()))
print(uhashlib.__name__)
