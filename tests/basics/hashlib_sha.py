import hashlib
import binascii

for data in [b"", b"abc", b"The quick brown fox jumps over the lazy dog", bytes(range(256)) * 3]:
    print(binascii.hexlify(hashlib.sha256(data).digest()))
    print(hashlib.sha1(data).hexdigest())
    print(hashlib.md5(data).hexdigest())

h = hashlib.sha256()
h.update(b"hello ")
h.update(bytearray(b"wor"))
h.update(memoryview(b"xld")[1:])
print(h.hexdigest())
print(h.digest() == hashlib.sha256(b"hello world").digest())
print(len(h.digest()), h.digest_size, h.name, hashlib.sha1().digest_size, hashlib.md5().name)
print(h.hexdigest() == hashlib.sha256(b"hello world").hexdigest())
h.update(b"!")
print(h.hexdigest())
c = h.copy()
c.update(b"?")
print(h.hexdigest() != c.hexdigest(), c.hexdigest() == hashlib.sha256(b"hello world!?").hexdigest())
print(hashlib.new("sha1", b"abc").hexdigest())
s = hashlib.sha1()
for i in range(100):
    s.update(bytes([i]) * i)
print(s.hexdigest())
try:
    hashlib.sha256(123)
except TypeError:
    print("TypeError")
try:
    hashlib.sha256().update("text")
except TypeError:
    print("TypeError")
