import gc

print(gc.collect())
a = gc.mem_alloc()
f = gc.mem_free()
print(a > 0, f > 0, type(a), type(f))
junk = [i for i in range(500)]
print(gc.mem_alloc() > a)
del junk
gc.collect()
print(gc.threshold())
gc.threshold(4096)
print(gc.threshold())
s = 0
for i in range(3000):
    s += len([i, i])
print(s)
gc.threshold(-1)
print(gc.threshold())
gc.disable()
t = [str(i) for i in range(300)]
print(len(t), gc.isenabled())
gc.enable()
try:
    gc.threshold(-5)
except ValueError as e:
    print('ValueError', e)
