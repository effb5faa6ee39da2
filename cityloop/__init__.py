"""CityLoop: a people-centred city operations platform."""

__version__ = "0.1.0"
