# Mandelbrot set with floats: escape-time iteration counts over a grid of the complex plane
# (written with real arithmetic on two floats); prints the total and a per-row checksum.


def mandel(w, h, max_iter):
    total = 0
    rows = 0
    for py in range(h):
        ci = -1.125 + 2.25 * py / h
        row = 0
        for px in range(w):
            cr = -2.0 + 2.75 * px / w
            zr = 0.0
            zi = 0.0
            n = 0
            while n < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                n += 1
            row += n
        total += row
        rows = (rows * 31 + row) % 1000003
    return total, rows


print("mandelbrot", mandel(14, 8, 24))
