from .filters import MovingAverage
from . import sensors


class Report:
    def __init__(self, window):
        self.window = window
        self.rows = {}

    def sample(self, sensor, n):
        f = MovingAverage(self.window)
        smooth = [f.add(sensor.step()) for _ in range(n)]
        self.rows[sensor.name] = (min(smooth), max(smooth), smooth[-1], sensor.unit)

    def show(self):
        for name in sorted(self.rows):
            lo, hi, last, unit = self.rows[name]
            print("{:<12} min {:>5} max {:>5} last {:>5} {}".format(name, lo, hi, last, unit))
        print("sensor kinds:", len(sensors.all_sensors(0)))
