# Fast Fourier transform with floats: an iterative radix-2 transform of a signal made of
# three cosines with integer amplitudes, then the inverse transform. The spectrum's peaks
# are exact integers (n * amplitude / 2) and the round trip gives back the signal, so the
# rounded results are the same in single (pyboard) and double (host, CPython) precision.
import math


def fft(re, im, invert):
    n = len(re)
    j = 0
    for i in range(1, n):
        bit = n >> 1
        while j & bit:
            j ^= bit
            bit >>= 1
        j ^= bit
        if i < j:
            re[i], re[j] = re[j], re[i]
            im[i], im[j] = im[j], im[i]
    size = 2
    while size <= n:
        ang = 2 * math.pi / size * (1 if invert else -1)
        wr = math.cos(ang)
        wi = math.sin(ang)
        half = size // 2
        for start in range(0, n, size):
            cr = 1.0
            ci = 0.0
            for k in range(start, start + half):
                m = k + half
                tr = re[m] * cr - im[m] * ci
                ti = re[m] * ci + im[m] * cr
                re[m] = re[k] - tr
                im[m] = im[k] - ti
                re[k] += tr
                im[k] += ti
                cr, ci = cr * wr - ci * wi, cr * wi + ci * wr
        size *= 2
    if invert:
        for i in range(n):
            re[i] /= n
            im[i] /= n


def main(n):
    signal = []
    for t in range(n):
        v = 3 * math.cos(2 * math.pi * 5 * t / n) + 2 * math.cos(2 * math.pi * 12 * t / n)
        signal.append(v + math.cos(2 * math.pi * 31 * t / n))
    re = signal[:]
    im = [0.0] * n
    fft(re, im, False)
    peaks = []
    for k in range(n // 2):
        mag = round(math.sqrt(re[k] * re[k] + im[k] * im[k]))
        if mag > 0:
            peaks.append((k, mag))
    fft(re, im, True)
    err = 0
    for t in range(n):
        err = max(err, abs(re[t] - signal[t]), abs(im[t]))
    print("fft", n, peaks, err < 0.01)


main(64)
