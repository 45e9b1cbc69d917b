# machine.mem8/16/32 on a bytearray's memory (any board): the compiled inline accesses
# with dynamic addresses, augmented assignment, values beyond the small-int range and
# the runtime's errors for unaligned addresses and non-int values.
import machine
import uctypes
from machine import mem8, mem16

buf = bytearray(16)
base = uctypes.addressof(buf)


def fill(n):
    for i in range(n):
        mem8[base + i] = i * 17


fill(8)
print(list(buf[:8]))
print(hex(mem16[base + 2]), hex(machine.mem32[base + 4]))
machine.mem32[base + 8] = 0x80000001
print(list(buf[8:12]), machine.mem32[base + 8])
machine.mem32[base + 8] |= 0x10
mem16[base + 12] += 0x102
print(list(buf[8:14]))
machine.mem32[base + 12] = -1
print(machine.mem32[base + 12], mem16[base + 14], mem8[base + 15])
mem8[base] = 0x1FF
print(buf[0])
for off in (1, 2, 3):
    try:
        machine.mem32[base + off] = 5
    except ValueError:
        print("ValueError", off)
try:
    mem16[base + 1]
except ValueError:
    print("ValueError read")
try:
    mem8[base] = "x"
except TypeError:
    print("TypeError")
t = 0
for i in range(4):
    t += machine.mem32[base + 4 * i] & 0xFF
print(t)
