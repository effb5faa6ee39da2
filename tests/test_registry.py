"""The extension points are contracts: what fits is accepted and shown everywhere,
what plainly does not fit is refused when it is registered, with a clear reason."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cityloop import registry
from cityloop.cases.errors import SubmissionRejected
from cityloop.cases.intake import channel_choices
from cityloop.cases.models import ActorKind, Case, CaseEvent, channel_label
from cityloop.notify.channels.base import Outgoing, Transport
from cityloop.registry import (
    IntakeChannel,
    PeriodicJob,
    duplicate_finders,
    indicator_sources,
    intake_channels,
    notification_transports,
    periodic_jobs,
    rule_kinds,
    triage_providers,
)
from cityloop.sensing.rules.kinds import RuleKind

KIOSK = IntakeChannel("kiosk", "Street kiosk", "citizen", "Reports from the city's street kiosks.")


@pytest.fixture
def kiosk() -> Iterator[IntakeChannel]:
    with intake_channels.temporarily("kiosk", KIOSK.description, KIOSK) as channel:
        yield channel


def signed_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


# --- a city's own intake channel -----------------------------------------------------------

def test_a_registered_channel_is_accepted_and_stored(
        kiosk: IntakeChannel, make_case: Callable[..., Case]) -> None:
    case = make_case(channel="kiosk")
    case.refresh_from_db()
    assert case.channel == "kiosk"
    assert case.get_channel_display() == "Street kiosk"
    created = CaseEvent.objects.get(case=case, action="create")
    assert (created.actor_kind, created.data["channel"]) == (ActorKind.CITIZEN, "kiosk")


def test_a_system_channel_records_the_report_as_cityloop(make_case: Callable[..., Case]) -> None:
    drone = IntakeChannel("drone", "Drone survey", "system")
    with intake_channels.temporarily("drone", "Drone survey", drone):
        case = make_case(channel="drone", contact=None)
    created = CaseEvent.objects.get(case=case, action="create")
    assert (created.actor_kind, created.actor_label) == (ActorKind.SYSTEM, "drone")


def test_the_staff_queue_offers_and_applies_the_channel_filter(
        kiosk: IntakeChannel, make_case: Callable[..., Case], city_admin: User) -> None:
    by_kiosk = make_case(channel="kiosk", description="Pothole reported at a kiosk")
    by_web = make_case(description="Pothole reported on the web")
    client = signed_in(city_admin)
    page = client.get("/staff/").content.decode()
    assert '<option value="kiosk">Street kiosk</option>' in page
    filtered = client.get("/staff/?channel=kiosk").content.decode()
    assert by_kiosk.reference in filtered and by_web.reference not in filtered


def test_the_admin_lists_and_filters_by_the_channel_with_its_label(
        kiosk: IntakeChannel, make_case: Callable[..., Case], city_admin: User) -> None:
    by_kiosk = make_case(channel="kiosk")
    by_web = make_case()
    client = signed_in(city_admin)
    listing = client.get("/admin/cases/case/").content.decode()
    assert "?channel__exact=kiosk" in listing and "Street kiosk" in listing
    filtered = client.get("/admin/cases/case/?channel__exact=kiosk").content.decode()
    assert by_kiosk.reference in filtered and by_web.reference not in filtered
    change = client.get(f"/admin/cases/case/{by_kiosk.pk}/change/").content.decode()
    assert "Street kiosk" in change


def test_the_staff_case_page_and_timeline_name_the_channel(
        kiosk: IntakeChannel, make_case: Callable[..., Case], city_admin: User) -> None:
    case = make_case(channel="kiosk")
    page = signed_in(city_admin).get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Street kiosk" in page


def test_a_channel_whose_app_is_gone_still_shows_its_key(
        make_case: Callable[..., Case]) -> None:
    with intake_channels.temporarily("kiosk", KIOSK.description, KIOSK):
        case = make_case(channel="kiosk")
    assert "kiosk" not in intake_channels
    assert case.get_channel_display() == channel_label("kiosk") == "kiosk"
    assert "kiosk" not in dict(channel_choices())


def test_an_unknown_channel_is_refused_with_the_known_ones(
        make_case: Callable[..., Case]) -> None:
    with pytest.raises(SubmissionRejected) as refused:
        make_case(channel="pigeon")
    (problem,) = [p for p in refused.value.problems if p.field == "channel"]
    assert problem.code == "invalid"
    assert "pigeon" in problem.message and "web" in problem.message
    assert not Case.objects.exists()


def test_the_actor_kinds_of_channels_are_those_of_the_events() -> None:
    assert set(registry.ACTOR_KINDS) == set(ActorKind.values)


# --- refusing what does not fit ---------------------------------------------------------

def test_an_intake_channel_must_be_an_intake_channel_under_its_own_key() -> None:
    with pytest.raises(TypeError, match="IntakeChannel"):
        intake_channels.register("kiosk", "Chat")("citizen")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="its key is 'kiosk'"):
        intake_channels.register("talk", "Chat")(KIOSK)
    with pytest.raises(ValueError, match="actor_kind must be one of"):
        IntakeChannel("kiosk", "Chat", "robot")
    assert "kiosk" not in intake_channels and "talk" not in intake_channels


def test_a_key_must_fit_its_column_and_be_plain() -> None:
    long = IntakeChannel("whatsapp_business", "WhatsApp", "citizen")
    with pytest.raises(ValueError, match="at most 10 characters"):
        intake_channels.register(long.key, "WhatsApp")(long)
    with pytest.raises(ValueError, match="not a usable key"):
        triage_providers.register("My Provider", "Spaces")(lambda text, language: None)


def test_a_key_taken_is_refused(kiosk: IntakeChannel) -> None:
    other = IntakeChannel("kiosk", "Another kiosk", "citizen")
    with pytest.raises(ValueError, match="already registered"):
        intake_channels.register("kiosk", "Another kiosk")(other)
    assert intake_channels.get("kiosk") is KIOSK


def test_a_transport_must_say_whom_it_reaches_and_send() -> None:
    class NoContact:
        def send(self, outgoing: Outgoing) -> None: ...

    class NoSend:
        contact = "phone"

    class NeedsArguments(Transport):
        def __init__(self, gateway: str):
            self.gateway = gateway

    with pytest.raises(TypeError, match="no 'contact'"):
        notification_transports.register("pager", "Pager")(NoContact)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="no 'send'"):
        notification_transports.register("pager", "Pager")(NoSend)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"cannot be called as Transport\(\)"):
        notification_transports.register("pager", "Pager")(NeedsArguments)  # type: ignore[arg-type]
    assert "pager" not in notification_transports


def test_a_triage_provider_and_a_duplicate_finder_must_take_their_arguments() -> None:
    def text_only(text: str) -> None:
        return None

    def old_finder(category: Any, lat: float, lon: float, now: datetime) -> list[Case]:
        return []

    with pytest.raises(TypeError, match=r"provider\(text, language\)"):
        triage_providers.register("short", "One argument")(text_only)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unexpected keyword argument 'text'"):
        duplicate_finders.register("old", "The older form")(old_finder)  # type: ignore[arg-type]
    assert "short" not in triage_providers and "old" not in duplicate_finders


def test_rule_kinds_and_indicator_sources_must_be_classes_with_their_members() -> None:
    class NoValidate:
        allowed: dict[str, str] = {}
        on_ingest = True

    class Minutes(RuleKind):
        def measure(self, datastream_id: int, now: datetime) -> float | None:
            return 1.0

    with pytest.raises(TypeError, match="no 'validate'"):
        rule_kinds.register("novalid", "No validate")(NoValidate)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="no 'computed'"):
        indicator_sources.register("kind", "A rule kind")(Minutes)  # type: ignore[arg-type]
    with rule_kinds.temporarily("minutes", "A fitting kind", Minutes):
        assert rule_kinds.get("minutes") is Minutes
    assert "minutes" not in rule_kinds and "novalid" not in rule_kinds


def test_a_periodic_job_must_be_a_periodic_job_of_two_functions() -> None:
    with pytest.raises(TypeError, match="PeriodicJob"):
        periodic_jobs.register("bare", "A bare function")(lambda now: "")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"run\(now\)"):
        no_argument = PeriodicJob(lambda: 60, lambda: "")  # type: ignore[arg-type,misc]
        periodic_jobs.register("noarg", "No argument")(no_argument)
    assert "bare" not in periodic_jobs and "noarg" not in periodic_jobs


# --- registering for a while ------------------------------------------------------------

def test_temporarily_brings_back_what_the_key_held() -> None:
    web = intake_channels.get("web")
    stand_in = IntakeChannel("web", "A test web form", "citizen")
    with intake_channels.temporarily("web", "Stand-in", stand_in):
        assert intake_channels.get("web") is stand_in
    assert intake_channels.get("web") is web


def test_unregister_removes_and_names_what_is_unknown() -> None:
    with intake_channels.temporarily("kiosk", KIOSK.description, KIOSK):
        intake_channels.unregister("kiosk")
        assert "kiosk" not in intake_channels
    with pytest.raises(LookupError, match="no 'kiosk'"):
        intake_channels.unregister("kiosk")


def test_every_built_in_entry_fits_its_contract() -> None:
    registries: list[registry.Registry[Any]] = [
        notification_transports, intake_channels, triage_providers, duplicate_finders,
        periodic_jobs, rule_kinds, indicator_sources]
    assert {r.name for r in registries} == {r.name for r in registry.ALL}
    for reg in registries:
        assert reg.contract is not None
        for entry in reg:
            assert reg.contract(entry.key, entry.value) == [], (reg.name, entry.key)
