# Chaos game with floats: a point jumps a fixed fraction of the way towards a randomly
# chosen corner of a pentagon (an integer linear congruential generator picks the corners,
# so every Python gives the same sequence); the visited cells of a coarse grid are counted.
import math


def chaos(npoints, cells):
    corners = []
    for k in range(5):
        a = 2 * math.pi * k / 5 + 0.3
        corners.append((0.5 + 0.45 * math.cos(a), 0.5 + 0.45 * math.sin(a)))
    grid = [0] * (cells * cells)
    x = 0.5
    y = 0.5
    seed = 7
    prev = 0
    for i in range(npoints):
        seed = (seed * 75 + 74) % 65537
        k = seed % 5
        if k == prev:  # the classic rule that gives a pentagonal fractal: no repeats
            k = (k + 1 + seed % 4) % 5
        prev = k
        cx, cy = corners[k]
        x += (cx - x) * 0.618
        y += (cy - y) * 0.618
        if i >= 10:
            grid[int(y * cells) * cells + int(x * cells)] += 1
    visited = 0
    check = 0
    for i in range(cells * cells):
        if grid[i]:
            visited += 1
            check = (check * 3 + i * grid[i]) % 1000003
    return visited, check


print("chaos", chaos(1000, 12))
