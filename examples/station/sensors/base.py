class Sensor:
    """A simulated sensor: a deterministic pseudo-random walk."""

    unit = "?"

    def __init__(self, seed, start):
        self.state = seed
        self.value = start

    def step(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        self.value += (self.state >> 16) % 7 - 3
        return self.value
