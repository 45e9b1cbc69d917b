# The micropython module's functions (output checked by hand against MicroPython's
# documentation; mem_info/qstr_info print implementation figures, so only their
# first words are checked here).
import micropython
from micropython import const, opt_level

X = const(3)
print(micropython.const(X * 2), opt_level())
micropython.opt_level(3)
print(micropython.opt_level())
print(micropython.stack_use() > 0, type(micropython.stack_use()).__name__)
print(micropython.alloc_emergency_exception_buf(100))
print(micropython.kbd_intr(-1))

# heap_lock: allocation raises MemoryError until unlocked; the lock nests.
micropython.heap_lock()
micropython.heap_lock()
try:
    big = [0] * 100
    print("allocated")
except MemoryError as e:
    print("MemoryError:", e)
print(micropython.heap_unlock(), micropython.heap_locked())
print(micropython.heap_unlock(), micropython.heap_locked())
print(len([0] * 100))


# schedule: callbacks run soon after they are scheduled, in order.
def later(arg):
    print("scheduled", arg)
    if arg == 1:
        micropython.schedule(later, 2)
        print("queued 2")


micropython.schedule(later, 1)
print("after schedule")
try:
    micropython.schedule(later)
except TypeError:
    print("TypeError")
print(micropython.native(len)([1, 2]))
