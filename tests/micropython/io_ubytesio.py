import uio

b = uio.BytesIO(b"abc")
print(b)
print(b.read(), b.getvalue())
