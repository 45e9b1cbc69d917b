# machine.mem32 on the pyboard's registers (STM32F405 reference manual RM0090 and the
# ARMv7-M architecture manual): identify the core, read the console UART's set-up, drive
# the LED pin through the GPIO set/reset register, and use SysTick as a down-counter.
import machine
from micropython import const

SCB_CPUID = const(0xE000ED00)
SYST_CSR = const(0xE000E010)  # SysTick control and status
SYST_RVR = const(0xE000E014)  # reload value
USART1 = const(0x40011000)
USART_CR1 = const(0x0C)
RCC_AHB1ENR = const(0x40023830)
GPIOA = const(0x40020000)
GPIO_BSRR = const(0x18)

cpuid = machine.mem32[SCB_CPUID]
implementer = (cpuid >> 24) & 0xFF
part = (cpuid >> 4) & 0xFFF
print("implementer:", hex(implementer), "(ARM)" if implementer == 0x41 else "")
print("part:", hex(part), "(Cortex-M4)" if part == 0xC24 else "")

cr1 = machine.mem32[USART1 + USART_CR1]
print("USART1 enabled:", bool(cr1 & (1 << 13)), "TX:", bool(cr1 & (1 << 3)))

# Clock GPIOA, then set and reset pin A13 (LED on the pyboard) through BSRR.
machine.mem32[RCC_AHB1ENR] |= 1
machine.mem32[GPIOA + GPIO_BSRR] = 1 << 13
machine.mem32[GPIOA + GPIO_BSRR] = 1 << (13 + 16)

# SysTick's reload register holds 24 bits: write all ones, read back, restore.
saved = machine.mem32[SYST_RVR]
machine.mem32[SYST_RVR] = 0xFFFFFFFF
print("SysTick reload:", hex(machine.mem32[SYST_RVR]))
machine.mem32[SYST_RVR] = saved
