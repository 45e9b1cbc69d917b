import time

t = time.time()
time.sleep(0.01)
time.sleep(0)
print(time.time() - t < 10, time.time() >= t)
tm = time.localtime()
print(tm[0] >= 2000, tm[1] in range(1, 13), tm[2] in range(1, 32), tm[3] in range(24))
