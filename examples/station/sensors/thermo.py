from .base import Sensor


class Thermometer(Sensor):
    name = "temperature"
    unit = "dC"

    def __init__(self, seed):
        super().__init__(seed, 215)
