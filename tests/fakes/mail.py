"""Emails as a citizen's mail client would send them, for the mail intake's tests."""

from __future__ import annotations

import io
from email.message import EmailMessage

from PIL import Image

CITIZEN = "mei@example.org"
INTAKE = "reports@city.example"


def photo(gps: tuple[float, float] | None = None, size: tuple[int, int] = (64, 48)) -> bytes:
    """A small JPEG, with the EXIF GPS position a phone writes when ``gps`` is given."""
    image = Image.new("RGB", size, (180, 60, 40))
    exif = Image.Exif()
    if gps is not None:
        exif[0x8825] = {1: "N" if gps[0] >= 0 else "S", 2: _dms(abs(gps[0])),
                        3: "E" if gps[1] >= 0 else "W", 4: _dms(abs(gps[1]))}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return float(degrees), float(minutes), seconds


def mail(subject: str = "Pothole", text: str | None = "A deep hole in the road.", *,
         sender: str = CITIZEN, to: str = INTAKE, html: str | None = None,
         photos: list[bytes] = (), headers: dict[str, str] | None = None,  # type: ignore[assignment]
         name: str = "Mei Chen") -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"{name} <{sender}>" if name else sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{abs(hash((subject, text, sender)))}@example.org>"
    for key, value in (headers or {}).items():
        message[key] = value
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for number, content in enumerate(photos, start=1):
        message.add_attachment(content, maintype="image", subtype="jpeg",
                               filename=f"IMG_{number:04d}.jpg")
    return message


def raw(message: EmailMessage) -> bytes:
    return message.as_bytes()
