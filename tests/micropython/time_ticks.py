import time
import utime

print(utime is time)
print(time.localtime(0), time.gmtime(0))
print(time.localtime(86400 * 366 + 3600 * 5 + 61))
print(time.localtime(-1), time.localtime(10 ** 9))
print(time.localtime(951782400), time.localtime(5097600), time.localtime(0x3fffffff))
print(time.mktime((2000, 1, 1, 0, 0, 0, 0, 0)), time.mktime((2001, 1, 1, 5, 1, 1, 0, 0)))
print(time.mktime((2024, 2, 29, 12, 30, 45, 3, 60)), time.mktime((2000, 13, 1, 0, 0, 0, 0, 0)))
for s in (0, 86399, 10 ** 9, 123456789):
    print(time.mktime(time.localtime(s)) == s)
t = time.ticks_ms()
print(time.ticks_diff(time.ticks_add(t, 5), t), time.ticks_diff(t, time.ticks_add(t, 5)))
print(time.ticks_add(2 ** 30 - 1, 1), time.ticks_add(0, -1), time.ticks_diff(0, 2 ** 30 - 1))
print(time.ticks_diff(2 ** 29, 0), time.ticks_diff(2 ** 29 - 1, 0))
t0 = time.ticks_ms()
time.sleep_ms(20)
d = time.ticks_diff(time.ticks_ms(), t0)
print(d >= 19, d < 2000)
u0 = time.ticks_us()
time.sleep_us(3000)
print(time.ticks_diff(time.ticks_us(), u0) >= 2900)
t0 = time.ticks_ms()
time.sleep(0.02)
time.sleep(0)
print(time.ticks_diff(time.ticks_ms(), t0) >= 19)
c = time.ticks_cpu()
print(0 <= c < 2 ** 30, 0 <= time.ticks_us() < 2 ** 30, type(time.time()))
t1 = time.time()
print(time.time() - t1 < 5, len(time.localtime()), time.localtime()[0] >= 2000)
try:
    time.sleep('x')
except TypeError:
    print('TypeError')
try:
    time.mktime((1, 2))
except TypeError:
    print('TypeError')
