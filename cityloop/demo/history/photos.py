"""Photos in the demo's history: drawn here, stored once, shared by many cases.

A year of history has hundreds of photos. Writing a file for each would
make the demo slow and its data directory large, so a dozen scenes (a
pothole, rubbish, a dark street lamp, ... each before and after the work)
are drawn with Pillow once and every photo row points at one of them. The
rows are real ``CaseMedia``: "before" photos come with a share of the web
reports (staff-only until approved), "after" photos with a share of the
resolutions (public, named by the resolution's event, as the staff console
records them), and officers approve some residents' photos for the public.

The decisions use their own random stream, so adding photos does not change
the rest of the history a seed gives.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from cityloop.cases.models import Case, CaseMedia, Channel, MediaKind

SIZE = (640, 480)
FOLDER = "demo"  # under MEDIA_ROOT, beside the uploads' cases/<year>/<month>/
P_BEFORE = 0.4  # web reports that come with a photo
P_AFTER = 0.5  # resolutions with a photo of the finished work
P_APPROVE = 0.5  # residents' photos of public categories that staff approve

Draw = Callable[[ImageDraw.ImageDraw, bool], None]
FONT = ImageFont.load_default(size=22)
SMALL = ImageFont.load_default(size=15)


def _street(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((0, 0, 640, 200), fill=(176, 205, 230))  # sky
    d.rectangle((0, 150, 640, 220), fill=(196, 190, 178))  # buildings' base
    for x, h in ((30, 90), (170, 120), (330, 70), (470, 110)):
        d.rectangle((x, 200 - h, x + 120, 210), fill=(214, 206, 190), outline=(150, 140, 125))
    d.rectangle((0, 210, 640, 480), fill=(104, 106, 110))  # road


def _pothole(d: ImageDraw.ImageDraw, after: bool) -> None:
    _street(d)
    d.rectangle((0, 330, 640, 342), fill=(232, 232, 220))
    if after:
        d.rectangle((210, 300, 440, 410), fill=(58, 60, 64), outline=(40, 40, 44), width=3)
    else:
        d.ellipse((220, 300, 430, 400), fill=(48, 44, 42))
        d.ellipse((245, 318, 400, 385), fill=(84, 74, 66))
        d.polygon(((470, 400), (500, 300), (530, 400)), fill=(238, 112, 36))  # cone
        d.rectangle((478, 350, 522, 362), fill=(250, 250, 250))


def _rubbish(d: ImageDraw.ImageDraw, after: bool) -> None:
    _street(d)
    d.rectangle((0, 300, 640, 480), fill=(170, 166, 158))  # pavement
    d.rectangle((520, 250, 580, 340), fill=(46, 125, 70), outline=(30, 80, 45), width=3)  # bin
    if after:
        return
    for x, y, r, c in ((120, 380, 50, (32, 32, 36)), (190, 400, 42, (40, 40, 48)),
                       (260, 370, 36, (70, 62, 50)), (330, 410, 28, (210, 200, 170))):
        d.ellipse((x - r, y - r, x + r, y + r), fill=c)
    d.rectangle((380, 360, 470, 430), fill=(172, 130, 86), outline=(120, 90, 60), width=2)


def _lamp(d: ImageDraw.ImageDraw, after: bool) -> None:
    d.rectangle((0, 0, 640, 480), fill=(24, 30, 56))  # night
    d.rectangle((0, 340, 640, 480), fill=(44, 46, 52))
    if after:
        d.ellipse((230, 60, 410, 240), fill=(70, 66, 58))
        d.ellipse((270, 100, 370, 200), fill=(255, 226, 140))
        d.polygon(((300, 150), (340, 150), (470, 420), (170, 420)), fill=(112, 104, 76))
    d.rectangle((312, 140, 328, 420), fill=(90, 96, 104))
    d.rectangle((280, 128, 360, 150), fill=(255, 236, 170) if after else (70, 72, 80))


def _water(d: ImageDraw.ImageDraw, after: bool) -> None:
    _street(d)
    d.rectangle((260, 380, 380, 420), fill=(40, 40, 40))  # drain grate
    for x in range(268, 380, 14):
        d.line((x, 382, x, 418), fill=(120, 120, 120), width=3)
    if not after:
        d.ellipse((40, 300, 600, 470), fill=(92, 132, 170))
        d.ellipse((120, 330, 520, 440), fill=(120, 160, 196))
        d.ellipse((250, 375, 390, 425), fill=(70, 60, 40))  # leaves over the drain


def _tree(d: ImageDraw.ImageDraw, after: bool) -> None:
    d.rectangle((0, 0, 640, 250), fill=(176, 210, 232))
    d.rectangle((0, 250, 640, 480), fill=(96, 150, 74))  # grass
    d.polygon(((260, 480), (380, 480), (350, 250), (290, 250)), fill=(200, 184, 150))  # path
    if after:
        d.rectangle((500, 150, 520, 300), fill=(100, 70, 40))
        d.ellipse((440, 60, 580, 190), fill=(52, 120, 56))
    else:
        d.polygon(((120, 360), (560, 300), (566, 324), (126, 390)), fill=(100, 70, 40))
        d.ellipse((40, 300, 200, 430), fill=(52, 120, 56))


def _wall(d: ImageDraw.ImageDraw, after: bool) -> None:
    d.rectangle((0, 0, 640, 480), fill=(190, 176, 160))
    for y in range(0, 400, 30):  # brick courses
        d.line((0, y, 640, y), fill=(160, 146, 130), width=2)
    d.rectangle((0, 400, 640, 480), fill=(150, 148, 142))
    if after:
        return
    d.line(((60, 300), (140, 120), (220, 310), (300, 110), (380, 300)), fill=(200, 40, 120),
           width=14)
    d.arc((360, 100, 560, 320), 0, 300, fill=(40, 90, 210), width=16)


@dataclass(frozen=True)
class Scene:
    name: str
    caption: str
    draw: Draw


SCENES = (
    Scene("road", "Road surface", _pothole),
    Scene("rubbish", "Rubbish on the street", _rubbish),
    Scene("lamp", "Street light", _lamp),
    Scene("water", "Water on the road", _water),
    Scene("tree", "Trees and parks", _tree),
    Scene("wall", "Wall", _wall),
)
# Which scene a category's photos show; categories not here get no photos.
SCENE_OF = {
    "pothole": "road", "footpath": "road", "road_obstruction": "road",
    "missed_collection": "rubbish", "illegal_dumping": "rubbish", "street_cleaning": "rubbish",
    "streetlight": "lamp", "traffic_signal": "lamp",
    "flooding": "water", "blocked_drain": "water", "water_leak": "water",
    "fallen_tree": "tree", "park_maintenance": "tree",
    "graffiti": "wall", "dangerous_structure": "wall",
}


def picture(scene: Scene, after: bool) -> bytes:
    """One 640×480 JPEG of ``scene``, captioned as a generated demo picture."""
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    scene.draw(draw, after)
    # Centred, so that the square thumbnails (the middle 480 pixels) keep it whole.
    draw.rectangle((0, 424, 640, 480), fill=(20, 24, 32))
    label = f"{scene.caption}: {'after the work' if after else 'as reported'}"
    draw.text((320, 428), label, fill=(255, 255, 255), font=FONT, anchor="ma")
    draw.text((320, 456), "CityLoop demo picture", fill=(170, 180, 196), font=SMALL, anchor="ma")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()


def store_album() -> dict[tuple[str, bool], str]:
    """The stored file name of each scene, before and after; drawn only when missing."""
    names: dict[tuple[str, bool], str] = {}
    for scene in SCENES:
        for after in (False, True):
            name = f"{FOLDER}/{scene.name}-{'after' if after else 'before'}.jpg"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(picture(scene, after)))
            names[(scene.name, after)] = name
    return names


class Album:
    """Decides which cases have photos and adds them, sharing the album's files."""

    def __init__(self, rng: random.Random, files: dict[tuple[str, bool], str] | None = None):
        self.rng = rng
        self.files = files if files is not None else store_album()
        # Residents' photos not yet approved, by case: looked up here rather
        # than queried at each of the year's resolutions.
        self.waiting: dict[int, list[CaseMedia]] = {}

    def _file(self, category: str, after: bool) -> str | None:
        scene = SCENE_OF.get(category)
        return self.files.get((scene, after)) if scene else None

    def before(self, case: Case, category: str) -> CaseMedia | None:
        """A resident's photo sent with a web report (staff-only until approved), or None."""
        name = self._file(category, after=False)
        if name is None or case.channel != Channel.WEB or self.rng.random() >= P_BEFORE:
            return None
        media = CaseMedia.objects.create(case=case, kind=MediaKind.BEFORE, file=name,
                                         created_at=case.created_at)
        self.waiting.setdefault(case.pk, []).append(media)
        return media

    def to_approve(self, case: Case, public_category: bool) -> list[CaseMedia]:
        """The residents' photos an officer approves for the public when resolving.

        Never in a sensitive category: those photos may show someone's home.
        """
        waiting = self.waiting.pop(case.pk, [])
        if not public_category:
            return []
        return [m for m in waiting if self.rng.random() < P_APPROVE]

    def after_picture(self, category: str) -> str | None:
        """The picture of the finished work for a resolution, if it has one."""
        name = self._file(category, after=True)
        return name if name is not None and self.rng.random() < P_AFTER else None

    @staticmethod
    def add_after(case: Case, name: str, at: datetime) -> CaseMedia:
        return CaseMedia.objects.create(case=case, kind=MediaKind.AFTER, public=True,
                                        file=name, created_at=at)
