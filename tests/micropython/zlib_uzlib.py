import uzlib

print(uzlib.__name__)
print(uzlib.decompress(b'x\x9c\xf3\xcdL.\xca\x0f\xa8,\xc9\xc8\xcfS(\xad\xca\xc9LR\xf0%B\x04\x00=\xc3\x14\xa7'))
try:
    uzlib.decompress(b"garbage")
except ValueError as e:
    print("ValueError", e)
