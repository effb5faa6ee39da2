"""Who did something to a case, as the audit chain records it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from cityloop.cases.models import ActorKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from cityloop.cases.models import ApiClient


@dataclass(frozen=True)
class Actor:
    kind: str
    label: str
    user: AbstractBaseUser | AnonymousUser | None = None

    @classmethod
    def system(cls, label: str = "CityLoop") -> Actor:
        return cls(ActorKind.SYSTEM, label)

    @classmethod
    def citizen(cls, label: str = "") -> Actor:
        # A citizen's name is personal data and the chain is public: only
        # a generic label goes into the event.
        return cls(ActorKind.CITIZEN, label or _("Citizen"))

    @classmethod
    def staff(cls, user: AbstractBaseUser | AnonymousUser) -> Actor:
        full = getattr(user, "get_full_name", lambda: "")()
        return cls(ActorKind.STAFF, full or user.get_username(), user)

    @classmethod
    def client(cls, client: ApiClient) -> Actor:
        return cls(ActorKind.CLIENT, client.name)

    @property
    def user_id(self) -> int | None:
        if self.user is None or not self.user.is_authenticated:
            return None
        return int(self.user.pk)
