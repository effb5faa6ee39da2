"""The MQTT broker CityLoop talks to, and its names there, from settings.

``CITYLOOP_MQTT_URL`` (``mqtt://host:1883``, ``mqtts://`` for TLS, with
``user:password@`` if the broker wants them) switches MQTT on; empty, it is
off and nothing here connects anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class MqttConfig:
    host: str
    port: int
    tls: bool = False
    username: str | None = None
    password: str | None = None
    client_id: str = "cityloop"  # prefix of every client id CityLoop uses
    share_group: str = "cityloop"  # shared subscription group of the ingest workers
    session_expiry: int = 86400  # seconds the broker keeps a worker's session while away
    publish: bool = True  # send new observations to subscribers (§14.1 receive)

    @classmethod
    def from_url(cls, url: str, **options: object) -> MqttConfig:
        parts = urlparse(url)
        if parts.scheme not in ("mqtt", "mqtts", "tcp", "ssl") or not parts.hostname:
            raise ImproperlyConfigured(
                f"CITYLOOP_MQTT_URL must look like mqtt://host:1883 (or mqtts://); got {url!r}"
            )
        tls = parts.scheme in ("mqtts", "ssl")
        try:
            port = parts.port or (8883 if tls else 1883)
        except ValueError as exc:
            raise ImproperlyConfigured(f"CITYLOOP_MQTT_URL: {exc}") from None
        config = cls(
            host=parts.hostname, port=port, tls=tls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )
        return replace(config, **options)  # type: ignore[arg-type]


def configured(url: str | None = None) -> MqttConfig | None:
    """The broker from settings (or ``url``); None when MQTT is off."""
    url = settings.MQTT_URL if url is None else url
    if not url:
        return None
    return MqttConfig.from_url(
        url,
        client_id=settings.MQTT_CLIENT_ID,
        share_group=settings.MQTT_SHARE_GROUP,
        session_expiry=settings.MQTT_SESSION_EXPIRY,
        publish=settings.MQTT_PUBLISH,
    )
