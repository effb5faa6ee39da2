"""How the demo city's sensors behave, minute by minute.

Simple models with the shapes people recognise on real dashboards:

- rain comes in storms that build and fade (a squared-sine bell), heavier
  on the hills;
- rivers answer the rain later and slowly: each gauge keeps a "reservoir"
  of recent rain (the rain of ``lag`` minutes ago flows in, a share drains
  each minute), so the downstream gauge peaks after the upstream one;
- PM2.5 follows the rush hours, is washed out by rain, and jumps during a
  dust or smoke episode;
- water mains run at lower pressure when the city draws water (morning and
  evening) and collapse when a main bursts;
- buildings breathe with the sun's heat by a few thousandths of a degree,
  unless something makes one creep;
- and now and then a device goes silent.

Everything is drawn from one seeded ``random.Random``: the same seed and
start give the same city.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from cityloop.demo.sensors.network import STATIONS, Station

# Incidents per simulated minute (before the simulator's rate multiplier).
INCIDENT_RATES = {
    "storm": 1 / 720,
    "pipe_burst": 1 / 360,
    "tilt_creep": 1 / 900,
    "dust": 1 / 360,
    "silence": 1 / 480,
}
INCIDENTS = tuple(INCIDENT_RATES)


@dataclass
class Incident:
    kind: str
    station: str  # station key ("" for a storm: the whole city)
    start: datetime
    minutes: int
    strength: float

    def share(self, t: datetime) -> float | None:
        """How far into the incident ``t`` is (0..1), None outside it."""
        x = (t - self.start).total_seconds() / 60.0 / self.minutes
        return x if 0.0 <= x <= 1.0 else None


def bell(x: float) -> float:
    return math.sin(math.pi * x) ** 2


@dataclass
class River:
    base: float
    lag: int  # minutes the rain takes to reach this gauge
    drain: float  # share of the reservoir leaving each minute
    gain: float  # metres per mm held
    held: float = 0.0
    inflow: deque[float] = field(default_factory=deque)

    def step(self, rain_mm: float) -> float:
        self.inflow.append(rain_mm)
        arriving = self.inflow.popleft() if len(self.inflow) > self.lag else 0.0
        self.held = self.held * (1.0 - self.drain) + arriving
        return self.base + self.gain * self.held


RIVERS = {
    "river_daxuecheng": (2.1, 20, 1 / 240, 0.016),
    "river_qiaotou": (2.3, 45, 1 / 300, 0.017),
    "river_gangkou": (2.0, 75, 1 / 360, 0.018),
}
RAIN_FACTOR = {"rain_gulou": 1.0, "rain_yunding": 1.3}
AIR_BASE = {"air_gulou": 38.0, "air_chaoyang": 46.0, "air_xingang": 55.0}
PRESSURE_BASE = {"pipe_shuijing": 0.34, "pipe_xueyuan": 0.36}
TILT_BASE = {"tilt_shuijing": 0.06, "tilt_chaoyang": 0.04}


class City:
    """The state of the simulated city; ``minute(t)`` gives every station's reading."""

    def __init__(self, rng: random.Random, rate: float = 1.0):
        self.rng = rng
        self.rate = rate
        self.incidents: list[Incident] = []
        self.rivers = {key: River(*params) for key, params in RIVERS.items()}
        self.stations: dict[str, Station] = {s.key: s for s in STATIONS}

    # -- incidents -------------------------------------------------------------

    def start_incident(self, kind: str, t: datetime, station: str = "") -> Incident:
        rng = self.rng
        keys = {
            "pipe_burst": list(PRESSURE_BASE), "tilt_creep": list(TILT_BASE),
            "dust": ["air_chaoyang", "air_xingang"], "silence": list(self.stations),
        }
        if kind != "storm" and not station:
            station = rng.choice(keys[kind])
        minutes, strength = {
            "storm": (rng.randint(150, 300), rng.uniform(25.0, 60.0)),  # peak mm/h
            "pipe_burst": (rng.randint(60, 150), rng.uniform(0.09, 0.13)),  # pressure left
            "tilt_creep": (rng.randint(90, 180), rng.uniform(0.22, 0.45)),  # degrees gained
            "dust": (rng.randint(60, 150), rng.uniform(140.0, 260.0)),  # µg/m³ added
            "silence": (rng.randint(30, 90), 0.0),
        }[kind]
        incident = Incident(kind, station, t, minutes, strength)
        self.incidents.append(incident)
        return incident

    def _maybe_start(self, t: datetime) -> None:
        running = {i.kind for i in self.incidents}
        for kind, per_minute in INCIDENT_RATES.items():
            if kind not in running and self.rng.random() < per_minute * self.rate:
                self.start_incident(kind, t)

    def _active(self, kind: str, t: datetime, station: str = "") -> list[tuple[Incident, float]]:
        out = []
        for incident in self.incidents:
            share = incident.share(t)
            if share is not None and incident.kind == kind and incident.station in ("", station):
                out.append((incident, share))
        return out

    # -- the minute ------------------------------------------------------------

    def minute(self, t: datetime) -> dict[str, float | None]:
        """Every station's reading at ``t`` (None: the device says nothing)."""
        self._maybe_start(t)
        hour = timezone.localtime(t).hour + timezone.localtime(t).minute / 60.0
        storm = sum(i.strength * bell(x) for i, x in self._active("storm", t))  # mm/h
        rain = {key: self._rain(storm, factor) for key, factor in RAIN_FACTOR.items()}
        city_rain = sum(rain.values()) / len(rain)
        values: dict[str, float | None] = dict(rain)
        for key, river in self.rivers.items():
            level = river.step(city_rain) + 0.01 * math.sin(2 * math.pi * hour / 12.4)
            values[key] = round(level + self.rng.gauss(0, 0.004), 3)
        for key, base in AIR_BASE.items():
            values[key] = self._air(key, base, hour, storm, t)
        for key, base in PRESSURE_BASE.items():
            values[key] = self._pressure(key, base, hour, t)
        for key, base in TILT_BASE.items():
            values[key] = self._tilt(key, base, hour, t)
        for incident in self.incidents:
            if incident.kind == "silence" and incident.share(t) is not None:
                values[incident.station] = None
        self.incidents = [i for i in self.incidents if i.start + timedelta(
            minutes=i.minutes + 60) > t]
        return values

    def _rain(self, storm_mm_per_hour: float, factor: float) -> float:
        if storm_mm_per_hour < 0.05:
            return 0.0
        gust = self.rng.uniform(0.6, 1.4)
        return round(storm_mm_per_hour * factor * gust / 60.0, 2)  # mm in this minute

    def _air(self, key: str, base: float, hour: float, storm: float, t: datetime) -> float:
        rush = 0.35 * math.exp(-((hour - 8.0) / 1.5) ** 2) + 0.4 * math.exp(
            -((hour - 19.0) / 2.0) ** 2) - 0.2 * math.exp(-((hour - 4.0) / 2.5) ** 2)
        washout = 1.0 / (1.0 + storm / 40.0)
        episode = sum(i.strength * bell(x) for i, x in self._active("dust", t, key))
        value = base * (1.0 + rush) * washout * math.exp(self.rng.gauss(0, 0.06)) + episode
        return round(max(value, 1.0), 1)

    def _pressure(self, key: str, base: float, hour: float, t: datetime) -> float:
        demand = 0.6 * math.exp(-((hour - 7.5) / 1.2) ** 2) + math.exp(
            -((hour - 19.5) / 1.6) ** 2)
        value = base - 0.05 * demand + self.rng.gauss(0, 0.002)
        for incident, x in self._active("pipe_burst", t, key):
            elapsed = x * incident.minutes
            remaining = incident.minutes - elapsed
            # Collapses within minutes; recovers over a quarter of an hour once repaired.
            depth = min(1.0, elapsed / 4.0, remaining / 15.0)
            value -= (value - incident.strength) * depth
        return round(value, 4)

    def _tilt(self, key: str, base: float, hour: float, t: datetime) -> float:
        value = base + 0.006 * math.sin(2 * math.pi * (hour - 8.0) / 24.0)
        for incident, x in self._active("tilt_creep", t, key):
            # Creeps for two thirds of the incident, then is shored up and eased back.
            value += incident.strength * (x / 0.67 if x < 0.67 else (1 - x) / 0.33)
        return round(value + self.rng.gauss(0, 0.0015), 4)
