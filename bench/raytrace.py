# A small ray tracer with floats: vectors as a class with operator methods, spheres on a
# plane, one light with shadows and Lambert shading; pixel brightness is quantised to
# 16 levels and summed into a checksum.
import math


class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def norm(self):
        return self.scale(1.0 / math.sqrt(self.dot(self)))


class Sphere:
    def __init__(self, center, radius, shade):
        self.center = center
        self.radius = radius
        self.shade = shade

    def hit(self, origin, d):
        # distance along the unit direction d to the nearest intersection, or -1
        oc = origin - self.center
        b = oc.dot(d)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return -1.0
        t = -b - math.sqrt(disc)
        return t if t > 1e-4 else -1.0

    def normal(self, p):
        return (p - self.center).norm()


class Plane:
    shade = 0.5

    def hit(self, origin, d):
        if d.y >= 0:
            return -1.0
        return (-1.0 - origin.y) / d.y

    def normal(self, p):
        return Vec(0.0, 1.0, 0.0)


SCENE = [Sphere(Vec(0.0, 0.0, 5.0), 1.0, 1.0), Sphere(Vec(1.6, -0.4, 4.0), 0.6, 0.8),
         Sphere(Vec(-1.5, -0.5, 4.5), 0.5, 0.9), Plane()]
LIGHT = Vec(-0.5, 1.0, -0.6).norm()


def nearest(origin, d):
    best = None
    best_t = 1e9
    for obj in SCENE:
        t = obj.hit(origin, d)
        if 0 < t < best_t:
            best = obj
            best_t = t
    return best, best_t


def trace(origin, d):
    obj, t = nearest(origin, d)
    if obj is None:
        return 0.1
    p = origin + d.scale(t)
    n = obj.normal(p)
    lam = n.dot(LIGHT)
    if lam <= 0:
        return 0.05
    shadow, _ = nearest(p + n.scale(1e-3), LIGHT)
    if shadow is not None:
        return 0.05
    return 0.05 + 0.9 * lam * obj.shade


def render(w, h):
    eye = Vec(0.0, 0.0, 0.0)
    total = 0
    check = 0
    for j in range(h):
        row = []
        for i in range(w):
            d = Vec((i + 0.5) / w * 2 - 1, 1 - (j + 0.5) / h * 2, 1.5).norm()
            level = int(trace(eye, d) * 15)
            total += level
            check = (check * 17 + level) % 1000003
            row.append(" .:-=+*#%@"[level * 10 // 16])
        print("".join(row))
    return total, check


print("raytrace", render(12, 6))
