from .base import Sensor


class Barometer(Sensor):
    name = "pressure"
    unit = "hPa"

    def __init__(self, seed):
        super().__init__(seed, 1013)
