"""Filing one synthetic report through ``cases.services.submit``, as a channel would."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cityloop.cases.models import Case, Channel
from cityloop.cases.services import Report, submit
from cityloop.demo.history.places import Place
from cityloop.demo.history.texts import answers, reporter

if TYPE_CHECKING:
    from cityloop.demo.history.world import World

# Roughly how people reach the city: the app and web form, partner apps
# through Open311, the hotline (an operator files the case), and email.
CHANNELS = {Channel.WEB: 0.45, Channel.OPEN311: 0.25, Channel.STAFF: 0.2, Channel.EMAIL: 0.1}
# Share of reports that leave contact details, by channel: email always
# has an address, the hotline asks for one, the web form makes it optional.
P_CONTACT = {Channel.WEB: 0.8, Channel.OPEN311: 0.75, Channel.STAFF: 0.9, Channel.EMAIL: 1.0}
P_CHINESE = 0.55
P_ADDRESS = 0.5
DUPLICATE_SPREAD_M = 35.0


@dataclass(frozen=True)
class CaseSeed:
    """A report to file: when, what and where were decided in advance."""

    at: datetime
    category: str
    place: Place
    storm: bool = False


@dataclass
class Track:
    """The simulation's view of one filed case."""

    case: Case
    category: str
    language: str
    district: str
    storm: bool
    phase: int = 0  # bumped when the case changes hands: older plans lapse
    original: Track | None = None  # the open case this report repeats
    # Passed on to another bureau: its staff write generic updates, not the
    # ones about the work of the category's own bureau.
    forwarded: bool = False


def file_report(world: World, seed: CaseSeed, original: Track | None,
                rng: random.Random) -> Track:
    """Submit the report of ``seed``; a repeat of ``original`` is filed right beside it."""
    place = seed.place
    if original is not None and original.case.lat is not None and original.case.lon is not None:
        place = world.places.near(original.case.lat, original.case.lon, DUPLICATE_SPREAD_M)
    language = "zh-hans" if rng.random() < P_CHINESE else "en"
    channel = rng.choices(list(CHANNELS), list(CHANNELS.values()))[0]
    contact = None
    if rng.random() < P_CONTACT[channel]:
        contact = reporter(language, rng.randrange(1_000_000), rng)
    address = ""
    if rng.random() < P_ADDRESS and place.hit.id in world.addresses:
        english, chinese = world.addresses[place.hit.id]
        address = chinese if language == "zh-hans" else english
    report = Report(
        channel=str(channel),
        service_code=seed.category,
        description=world.texts.report(seed.category, language, rng),
        lat=place.lat,
        lon=place.lon,
        address=address,
        attributes=_answers(world, seed, rng),
        contact=contact,
        language=language,
        client=world.client if channel == Channel.OPEN311 else None,
        created_by=rng.choice(world.operators) if channel == Channel.STAFF and world.operators
        else None,
    )
    case = submit(report, now=seed.at)
    district = world.places.district_of.get(place.hit.id, "")
    return Track(case, seed.category, language, district, seed.storm, original=original)


def _answers(world: World, seed: CaseSeed, rng: random.Random) -> dict[str, Any]:
    return answers(world.questions.get(seed.category, []), seed.at, rng)
