# Viper closures: nested viper functions reading and writing (nonlocal) variables of the
# enclosing function through cells; a cell read before assignment raises NameError.
import micropython

def make_counter(step):
    count = 0

    @micropython.viper
    def bump(times: int) -> int:
        nonlocal count
        for i in range(times):
            count = count + step
        return int(count)

    return bump

c = make_counter(3)
print(c(2), c(5))

def outer():
    total = 10
    label = "sum"

    @micropython.viper
    def add(x: int, y: int = 1, *, z: int = 0):
        nonlocal total
        total = total + x + y + z
        print(label, total)

    add(1)
    add(2, 3, z=4)
    return total

print(outer())

def late():
    @micropython.viper
    def read():
        return v
    try:
        read()
    except NameError as e:
        print("NameError")
    v = 5
    return read()

print(late())
