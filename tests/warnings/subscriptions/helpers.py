"""Subscribing in tests: confirmed subscriptions of each channel, without the pages."""

from __future__ import annotations

from typing import Any

from cityloop.geo.models import Area
from cityloop.warnings.subscriptions import optin
from cityloop.warnings.subscriptions.models import Channel, Source, Subscription


def subscribed(channel: str, address: str, *areas: Area, language: str = "en",
               **extra: Any) -> Subscription:
    """A confirmed subscription, as staff add one (``--confirmed``)."""
    return optin.subscribe(optin.Ask(channel, address, areas, language, source=Source.STAFF,
                                     **extra), confirmed=True)


def by_email(address: str, *areas: Area, language: str = "en") -> Subscription:
    return subscribed(Channel.EMAIL, address, *areas, language=language)
