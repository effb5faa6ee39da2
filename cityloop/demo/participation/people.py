"""The demo's verified residents: invented addresses at example.org and example.com.

Every resident proved an email address (no phone numbers: a made-up number can
belong to someone). Each declares the street they live in, as the budget of a
district asks. A resident is verified shortly before the first thing they do,
so ``finish`` sets the time once all their steps are planned, and writes the
``verified`` event the domain writes for each new resident.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import connection

from cityloop.demo.participation.ground import ZH, Ground
from cityloop.participation.models import Channel, Event, EventKind, Resident
from cityloop.participation.residents import identity

DOMAINS = ("example.org", "example.com")
# Pinyin surnames and given names, for addresses people would choose.
SURNAMES = ("wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou",
            "xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin", "luo", "gao", "tang", "deng")
GIVEN = ("wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yan",
         "jie", "tao", "ming", "chao", "xiu", "xia", "ping", "gang", "hui", "yu", "hao")
ENGLISH_SHARE = 0.4


class Roll:
    """The residents taking part, and when each first acted."""

    def __init__(self, ground: Ground, rng: random.Random):
        self.ground, self.rng = ground, rng
        self.residents: list[Resident] = []
        self.first: dict[int, datetime] = {}

    def add(self, count: int, streets: list[str]) -> list[Resident]:
        """``count`` residents, each living in one of ``streets`` (codes)."""
        made: list[Resident] = []
        for _ in range(count):
            n = len(self.residents) + len(made) + 1
            language = "en" if self.rng.random() < ENGLISH_SHARE else ZH
            address = self._address(n)
            made.append(Resident(channel=Channel.EMAIL, address=address,
                                 identity=identity(Channel.EMAIL, address), language=language,
                                 area=self.ground.streets[self.rng.choice(streets)],
                                 verified_at=self.ground.now))
        made = Resident.objects.bulk_create(made)
        self.residents += made
        return made

    def _address(self, n: int) -> str:
        rng = self.rng
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        local = rng.choice((f"{given}.{surname}", f"{surname}{given}", f"{surname}_{given}"))
        return f"{local}{n}@{rng.choice(DOMAINS)}"  # the number keeps addresses apart

    def acted(self, resident_id: int, at: datetime) -> None:
        if at < self.first.get(resident_id, at + timedelta(seconds=1)):
            self.first[resident_id] = at

    def finish(self, earliest: datetime) -> int:
        """Set when each resident verified (minutes before their first step, or some day
        since ``earliest`` for those who never acted); their ``verified`` events."""
        span = (self.ground.now - earliest).total_seconds()
        events = []
        for resident in self.residents:
            first = self.first.get(resident.pk)
            if first is None:
                resident.verified_at = earliest + timedelta(seconds=self.rng.uniform(0, span))
            else:
                resident.verified_at = first - timedelta(minutes=self.rng.uniform(2, 40))
            checked = resident.verified_at + timedelta(days=self.rng.uniform(1, 5))
            if self.rng.random() < 0.3 and checked < self.ground.now:
                resident.residence_checked_at = checked  # the letter's code came back
            events.append(Event(at=resident.verified_at, kind=EventKind.VERIFIED,
                                data={"channel": Channel.EMAIL}))
        # One statement run for every row: bulk_update's CASE over a thousand rows costs
        # seconds in building the query alone.
        adapt = connection.ops.adapt_datetimefield_value
        table = connection.ops.quote_name(Resident._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET verified_at = %s, residence_checked_at = %s "  # noqa: S608
                "WHERE id = %s",
                [(adapt(r.verified_at), adapt(r.residence_checked_at), r.pk)
                 for r in self.residents])
        Event.objects.bulk_create(events, batch_size=1000)
        return len(self.residents)
