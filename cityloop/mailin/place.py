"""Where a mailed report is: the GPS position in a photo, or a place named in the text.

The position is read from the photo before ``cases.photos`` re-encodes it
(which strips every tag, the GPS first): it is used as the case's location
and kept nowhere else. A place in the text is found with the gazetteer's
search (``geo.places``) on the words that follow "at", "near", "在", "地址:"
and the like, longest first, so a sentence's other words do not mislead it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from cityloop.cases import routing
from cityloop.cases.errors import SubmissionRejected
from cityloop.geo.places import search

_GPS_IFD = 0x8825
_LAT_REF, _LAT, _LON_REF, _LON = 1, 2, 3, 4
# The words that introduce a place, and what may follow them up to the end of the phrase.
_INTRODUCERS = re.compile(
    r"(?:\b(?:at|near|on|outside|opposite|beside|by|in front of|address|location)\b\s*:?\s*"
    r"|(?:地址|位置|地点|在|位于|靠近|附近)\s*[:：]?\s*)",
    re.IGNORECASE)
_PHRASE_END = re.compile(r"[.,;!?\n。，；！？、()（）]")
_MOST_WORDS = 6
_MOST_CHARACTERS = 16
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Located:
    lat: float
    lon: float
    address: str  # the place's name when found in the text; "" for a GPS position
    source: str  # "photo" or "text"


def from_photos(contents: list[bytes]) -> Located | None:
    """The first photo's GPS position that lies inside the city."""
    for content in contents:
        position = gps_of(content)
        if position and _in_city(*position):
            return Located(position[0], position[1], "", "photo")
    return None


def gps_of(content: bytes) -> tuple[float, float] | None:
    """(lat, lon) from a photo's EXIF GPS tags, or None."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            gps = image.getexif().get_ifd(_GPS_IFD)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    try:
        lat = _degrees(gps[_LAT], gps.get(_LAT_REF, "N"), "S")
        lon = _degrees(gps[_LON], gps.get(_LON_REF, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat, lon) == (0.0, 0.0):
        return None
    return lat, lon


def _degrees(value: tuple[float, float, float], ref: str, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in value)
    sign = -1 if str(ref).strip().upper() == negative else 1
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _in_city(lat: float, lon: float) -> bool:
    try:
        routing.locate(lat, lon)
    except SubmissionRejected:
        return False
    return True


def from_text(text: str, language: str) -> Located | None:
    """The first place named after a word like "at" or "在" that the gazetteer knows."""
    for phrase in _phrases(text):
        found = _find(phrase, language)
        if found is not None:
            return found
    return None


def _phrases(text: str) -> list[str]:
    phrases = []
    for match in _INTRODUCERS.finditer(text):
        rest = text[match.end():match.end() + 120]
        phrase = _PHRASE_END.split(rest, maxsplit=1)[0].strip()
        if phrase:
            phrases.append(phrase)
    return phrases


def _find(phrase: str, language: str) -> Located | None:
    """The longest start of ``phrase`` that names a place: "Hetang Road where the bus
    stops" finds Hetang Road, "河塘路12号附近有个坑" finds 河塘路12号."""
    words = phrase.split()
    if len(words) > 1 or not _CJK.search(phrase):
        starts = [" ".join(words[:count]) for count in range(min(len(words), _MOST_WORDS), 0, -1)]
    else:  # Chinese has no spaces: shorten it character by character
        starts = [phrase[:end] for end in range(min(len(phrase), _MOST_CHARACTERS), 1, -1)]
    for start in starts:
        if len(start) < 3:
            continue
        found = _first(start + " ", language)  # the space: the last word is complete
        if found is not None:
            return found
    return None


def _first(query: str, language: str) -> Located | None:
    hits = search.find(query, limit=1, language=language)
    if not hits or not _in_city(hits[0].lat, hits[0].lon):
        return None
    return Located(hits[0].lat, hits[0].lon, hits[0].label, "text")
