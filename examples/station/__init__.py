"""A tiny weather-station package: sensors, filtering and reporting."""
from .report import Report
from .sensors import all_sensors

__all__ = ["Report", "all_sensors"]
