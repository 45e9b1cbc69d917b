# yield inside conditions, loops with finally, subscripts, f-strings and comprehensions.
def g1():
    n = 0
    while (yield n) != "stop":
        n += 1
    if (yield "q") == 3:
        print("three")
    for i in range(3):
        try:
            if i == 1:
                continue
            yield i
            if i == 2:
                break
        finally:
            print("fin", i)
    d = {}
    d[(yield "k")] = (yield "v")
    print(d)
    print(f"{(yield 'f')}!")
    return [x for x in range((yield "n"))]

g = g1()
out = [next(g)]
for v in [None, None, "stop", 3, None, None, "key", "val", "fs", 3]:
    try:
        out.append(g.send(v))
    except StopIteration as e:
        out.append(("ret", e.value))
        break
print(out)
