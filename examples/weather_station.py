# A program split across a package (examples/station/) with relative imports:
#   upyc run examples/weather_station.py --board pyboard
from station import Report, all_sensors
import station.filters as filters

report = Report(window=4)
for sensor in all_sensors(seed=7):
    report.sample(sensor, 50)
report.show()
print(filters.MovingAverage(2).add(10))
