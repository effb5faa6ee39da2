"""Every extension point of CityLoop, declared in this one file, each with its contract.

Each registry maps a short key to an implementation. Built-in features are
registered on the same registries as a city's own additions would be, and
docs/extending.md documents every registry and every built-in entry (a test
fails when one is missing there).

What an implementation must provide is a ``Protocol`` below: mypy checks
every registration against it, and ``register`` refuses at start-up, with a
``TypeError`` naming what is missing, an implementation that plainly does not
fit (a missing member, a call it could not accept), rather than failing on
the first report or message that reaches it.

To add an implementation, register it from your app's ``AppConfig.ready``::

    from cityloop.registry import notification_transports
    notification_transports.register("sms", "Text message through the city's gateway")(SmsTransport)
"""

from __future__ import annotations

import contextlib
import inspect
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django.utils.functional import Promise

if TYPE_CHECKING:
    from cityloop.cases.models import Case
    from cityloop.cases.suggest import Suggestion
    from cityloop.catalogue.models import ServiceCategory
    from cityloop.notify.channels.base import Outgoing
    from cityloop.sensing.indicators.sources import Behind, Computed
    from cityloop.sensing.rules.levels import Level
    from cityloop.sensing.rules.models import Rule

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

KEY = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Entry(Generic[T_co]):
    key: str
    doc: str
    value: T_co


class Registry(Generic[T]):
    """Implementations of one extension point by key.

    ``contract`` lists what is wrong with a value about to be registered (an
    empty list when it fits); ``max_key`` is the length of the database
    column the key is stored in, where it is stored.
    """

    def __init__(self, name: str, doc: str, *,
                 contract: Callable[[str, object], list[str]] | None = None,
                 max_key: int = 50):
        self.name = name
        self.doc = doc
        self.contract = contract
        self.max_key = max_key
        self._entries: dict[str, Entry[T]] = {}

    def register(self, key: str, doc: str) -> Callable[[T], T]:
        """Decorator registering ``value`` under ``key``, with a one-line description."""

        def add(value: T) -> T:
            self._check(key, value)
            if key in self._entries and self._entries[key].value is not value:
                raise ValueError(f"{self.name}: {key!r} is already registered")
            self._entries[key] = Entry(key, doc, value)
            return value

        return add

    def unregister(self, key: str) -> None:
        """Remove ``key`` (tests, and apps that replace a built-in with their own)."""
        self.get(key)  # the same clear LookupError for a key that was never there
        del self._entries[key]

    @contextlib.contextmanager
    def temporarily(self, key: str, doc: str, value: T) -> Iterator[T]:
        """``value`` registered under ``key`` inside the block only, for tests.

        An entry the key had before comes back afterwards, so a test may stand
        in for a built-in.
        """
        before = self._entries.pop(key, None)
        try:
            yield self.register(key, doc)(value)
        finally:
            self._entries.pop(key, None)
            if before is not None:
                self._entries[key] = before

    def get(self, key: str) -> T:
        try:
            return self._entries[key].value
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise LookupError(f"{self.name}: no {key!r} (known: {known})") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[Entry[T]]:
        return iter(sorted(self._entries.values(), key=lambda e: e.key))

    def keys(self) -> list[str]:
        return sorted(self._entries)

    def _check(self, key: str, value: object) -> None:
        if not isinstance(key, str) or not KEY.fullmatch(key) or len(key) > self.max_key:
            raise ValueError(
                f"{self.name}: {key!r} is not a usable key (lower-case letters, digits and "
                f"underscores, starting with a letter, at most {self.max_key} characters)"
            )
        problems = self.contract(key, value) if self.contract else []
        if problems:
            raise TypeError(f"{self.name}: {value!r} cannot be registered as {key!r}: "
                            + "; ".join(problems))


# --- checking a value against a contract at registration time -------------------------

def _members(protocol: type) -> list[str]:
    """The names a protocol asks for: its annotations, methods and properties."""
    names = set(inspect.get_annotations(protocol))
    names |= {name for name, member in protocol.__dict__.items()
              if (callable(member) or isinstance(member, property))
              and (not name.startswith("__") or name == "__call__")}
    return sorted(names)


def _missing(value: object, protocol: type) -> list[str]:
    return [f"it has no {name!r}" for name in _members(protocol) if not hasattr(value, name)]


def _cannot_call(value: object, how: str, *args: object, **kwargs: object) -> list[str]:
    """Whether ``value`` accepts the call the registry's users make (checked, not made)."""
    if not callable(value):
        return [f"it is not callable as {how}"]
    try:
        inspect.signature(value).bind(*args, **kwargs)
    except TypeError as exc:
        return [f"it cannot be called as {how} ({exc})"]
    except ValueError:  # a builtin without a signature: nothing to check
        pass
    return []


def _conforms(protocol: type, how: str, *args: object, **kwargs: object
              ) -> Callable[[str, object], list[str]]:
    def check(key: str, value: object) -> list[str]:
        return _missing(value, protocol) or _cannot_call(value, how, *args, **kwargs)

    return check


# --- notification_transports ------------------------------------------------------------

class Sender(Protocol):
    """A transport instance: sends one rendered message."""

    def send(self, outgoing: Outgoing) -> None:
        """Return on success; raise ``TransportError(message, permanent=...)`` on failure."""


class NotificationTransport(Protocol):
    """What ``notification_transports`` holds: a class, instantiated without arguments
    for each message it sends.

    ``contact`` says whom the transport reaches besides the notification
    channels configured in the admin: the contact detail a person must have
    given ("email", "phone": an attribute of ``cases.CaseContact``, and of
    the user model for staff), or "" for a transport that reaches only
    configured channels (webhook). The outbox queues one message per
    transport that can reach a citizen or supervisor with what they gave.

    A transport may also set ``asks_rating = True`` when it asks the citizen
    to rate a resolved case its own way (the chat's buttons): the resolution
    message then leaves out the rating link, so the question is asked once.
    """

    @property
    def contact(self) -> str: ...

    def __call__(self) -> Sender: ...


def _transport_contract(key: str, value: object) -> list[str]:
    problems = _conforms(NotificationTransport, "Transport()")(key, value)
    if not problems and not isinstance(getattr(value, "contact", None), str):
        problems.append("its 'contact' is not a string")
    if not problems and not callable(getattr(value, "send", None)):
        problems.append("its instances have no 'send'")
    return problems


# --- intake_channels ----------------------------------------------------------------------

# The kinds of actor of cases.models.ActorKind (a test keeps the two the same).
ACTOR_KINDS = ("citizen", "client", "staff", "system")


@dataclass(frozen=True)
class IntakeChannel:
    """What ``intake_channels`` holds: where a case came from.

    ``key`` is stored in ``Case.channel``; ``label`` is what people read
    (translatable); ``actor_kind`` is who a report from the channel is
    recorded as when the caller names no one more specific ("system" for
    machines); ``description`` says what the channel is, for the docs.
    """

    key: str
    label: str | Promise
    actor_kind: str
    description: str = ""

    def __post_init__(self) -> None:
        # Plain strings, so that keys compare, hash and serialise the same whoever made them.
        object.__setattr__(self, "key", str(self.key))
        object.__setattr__(self, "actor_kind", str(self.actor_kind))
        if self.actor_kind not in ACTOR_KINDS:
            raise ValueError(f"intake channel {self.key!r}: actor_kind must be one of "
                             f"{', '.join(ACTOR_KINDS)}, not {self.actor_kind!r}")


def _channel_contract(key: str, value: object) -> list[str]:
    if not isinstance(value, IntakeChannel):
        return ["an intake channel is a cityloop.registry.IntakeChannel"]
    if value.key != key:
        return [f"its key is {value.key!r}"]
    return []


# --- triage_providers and duplicate_finders ---------------------------------------------

class TriageProvider(Protocol):
    """What ``triage_providers`` holds: ``(text, language) -> Suggestion | None``.

    Never raises for odd text: a suggestion is optional.
    """

    def __call__(self, text: str, language: str) -> Suggestion | None: ...


class DuplicateFinder(Protocol):
    """What ``duplicate_finders`` holds: open cases a new report may repeat, best first.

    ``text`` is the new report's description ("" when it has none);
    ``exclude`` the ids of cases never to return.
    """

    def __call__(self, category: ServiceCategory, lat: float, lon: float, now: datetime,
                 *, text: str = "", exclude: Iterable[int] = ()) -> list[Case]: ...


# --- periodic_jobs ----------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodicJob:
    """What ``periodic_jobs`` holds. Declared here, with the registry, so that the
    apps owning a job (cases, sensing, triage) need not import the worker that runs it.
    """

    interval: Callable[[], int]  # seconds, read from settings when the job is claimed
    run: Callable[[datetime], str]  # does the work; a short summary of what it did


def _job_contract(key: str, value: object) -> list[str]:
    if not isinstance(value, PeriodicJob):
        return ["a periodic job is a cityloop.registry.PeriodicJob"]
    return (_cannot_call(value.interval, "interval()")
            + _cannot_call(value.run, "run(now)", datetime.min))


# --- rule_kinds -------------------------------------------------------------------------

class RuleEvaluation(Protocol):
    """A rule kind bound to one rule: judges a datastream at a moment."""

    value: float | None  # what the last ``evaluate`` measured, None when nothing

    @property
    def on_ingest(self) -> bool: ...

    def evaluate(self, datastream_id: int, now: datetime) -> Level | None: ...


class RuleKindClass(Protocol):
    """What ``rule_kinds`` holds: a class (``sensing.rules.kinds.RuleKind`` has the
    usual behaviour), called with the rule and the level it held before."""

    @property
    def allowed(self) -> Mapping[str, str]: ...  # parameter -> what it is

    @property
    def on_ingest(self) -> bool: ...  # evaluated when data arrives, not only by the sweep

    def validate(self, params: Any) -> list[str]: ...  # the problems with a rule's params

    def __call__(self, rule: Rule, previous: str | None = None) -> RuleEvaluation: ...


# --- indicator_sources ------------------------------------------------------------------

class IndicatorComputation(Protocol):
    """An indicator source instance: computes values and says what is behind them."""

    @property
    def computed(self) -> bool: ...

    def compute(self, params: Mapping[str, Any], now: datetime) -> Computed: ...

    def behind(self, params: Mapping[str, Any]) -> Behind: ...


class IndicatorSourceClass(Protocol):
    """What ``indicator_sources`` holds: a class (``sensing.indicators.sources.IndicatorSource``
    has the usual behaviour), instantiated without arguments."""

    @property
    def allowed(self) -> Collection[str]: ...  # the parameter names it takes

    @property
    def computed(self) -> bool: ...  # False: values are entered by people

    def validate(self, params: Any) -> list[str]: ...

    def __call__(self) -> IndicatorComputation: ...


# --- the registries -----------------------------------------------------------------------

notification_transports: Registry[NotificationTransport] = Registry(
    "notification_transports",
    "How a message reaches its recipient; one transport per notification channel kind.",
    contract=_transport_contract,
    max_key=20,  # Message.transport, NotificationChannel.kind
)
intake_channels: Registry[IntakeChannel] = Registry(
    "intake_channels",
    "Where a case came from; every channel submits through cases.services.submit.",
    contract=_channel_contract,
    max_key=10,  # Case.channel
)
triage_providers: Registry[TriageProvider] = Registry(
    "triage_providers",
    "Suggests a category and priority for a report from its text (setting CITYLOOP_TRIAGE).",
    contract=_conforms(TriageProvider, "provider(text, language)", "", ""),
)
duplicate_finders: Registry[DuplicateFinder] = Registry(
    "duplicate_finders",
    "Finds open cases that a new report may duplicate (setting CITYLOOP_DUPLICATES).",
    contract=_conforms(DuplicateFinder, "finder(category, lat, lon, now, text=, exclude=)",
                       None, 0.0, 0.0, datetime.min, text="", exclude=()),
)
periodic_jobs: Registry[PeriodicJob] = Registry(
    "periodic_jobs",
    "Work the worker runs on a schedule, at most once per interval across all workers.",
    contract=_job_contract,
    max_key=50,  # JobRun.name
)
rule_kinds: Registry[RuleKindClass] = Registry(
    "rule_kinds",
    "How a sensor rule turns a datastream's rollups into a warning level (sensing.rules).",
    contract=_conforms(RuleKindClass, "Kind(rule, previous)", None, None),
    max_key=30,  # Rule.kind
)
indicator_sources: Registry[IndicatorSourceClass] = Registry(
    "indicator_sources",
    "Where a city vital sign's value comes from (sensing.indicators).",
    contract=_conforms(IndicatorSourceClass, "Source()"),
    max_key=30,  # Indicator.source
)

class Listing(Protocol):
    """A registry read, not added to: what the docs test and the admin forms need."""

    @property
    def name(self) -> str: ...

    def __iter__(self) -> Iterator[Entry[object]]: ...


ALL: list[Listing] = [
    notification_transports,
    intake_channels,
    triage_providers,
    duplicate_finders,
    periodic_jobs,
    rule_kinds,
    indicator_sources,
]
