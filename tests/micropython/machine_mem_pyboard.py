# machine.mem8/mem16/mem32 on the pyboard: RAM scratch words below the stack limit,
# and a read-only CPU register (SCB CPUID: ARM, Cortex-M4).
import machine
from machine import mem8, mem16

SCRATCH = const(0x20018000)
machine.mem32[SCRATCH] = 0x12345678
print(hex(machine.mem32[SCRATCH]), hex(mem16[SCRATCH]), hex(mem16[SCRATCH + 2]))
print(hex(mem8[SCRATCH]), hex(mem8[SCRATCH + 3]))
mem8[SCRATCH + 1] = 0x1FF  # stores truncate
print(hex(machine.mem32[SCRATCH]))
machine.mem32[SCRATCH + 4] = 0xFFFFFFFF
print(machine.mem32[SCRATCH + 4], mem16[SCRATCH + 4], mem8[SCRATCH + 4])
machine.mem32[SCRATCH + 4] = -2
print(hex(mem16[SCRATCH + 6]))
cpuid = machine.mem32[0xE000ED00]
print(hex((cpuid >> 24) & 0xFF), hex((cpuid >> 4) & 0xFFF))
for bad in (SCRATCH + 1, SCRATCH + 2):
    try:
        machine.mem32[bad]
    except ValueError as e:
        print("ValueError:", e)
try:
    mem16[SCRATCH + 1] = 5
except ValueError as e:
    print("ValueError:", e)
try:
    machine.mem32["x"]
except TypeError as e:
    print("TypeError:", e)
print(machine.mem32)
