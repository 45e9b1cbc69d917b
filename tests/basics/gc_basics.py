import gc

print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.collect()
x = [[i] for i in range(200)]
print(len(x))
gc.enable()
print(gc.isenabled())
gc.collect()
keep = []
for i in range(600):
    s = str(i) * 3
    if i % 3 == 0:
        keep.append(s)
print(len(keep), keep[-1])
