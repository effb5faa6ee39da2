"""A test city with at least one row of every model the admin shows, so the
crawl opens a real change page of each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from cityloop.cases.models import ApiClient, Case
from cityloop.catalogue.models import ServiceCategory
from cityloop.geo.models import Area, Place
from cityloop.mailin.models import InboundMail
from cityloop.notify.models import Conversation, Message, NotificationChannel, Subscription
from cityloop.participation import audit
from cityloop.participation.models import (
    AnswerTemplate,
    Budget,
    Comment,
    EventKind,
    PhaseKind,
    ProcessKind,
    Project,
    Proposal,
    Question,
    QuestionKind,
    Resident,
    Survey,
)
from cityloop.participation.residents import identity
from cityloop.sensing.indicators.models import Indicator, IndicatorValue
from cityloop.sensing.models import MultiDatastream, MultiDatastreamObservedProperty
from cityloop.sensing.rules.models import Alert, Rule, RuleState
from cityloop.triage.hotspots.models import Hotspot, HotspotMember
from cityloop.triage.topics.models import Topic
from cityloop.warnings.models import WarningTemplate, WarningTrigger
from cityloop.warnings.subscriptions import optin
from cityloop.web.models import ResponseTemplate, SavedView
from cityloop.worker.models import JobRun
from tests.admin.fixtures import client_for  # noqa: F401
from tests.conftest import City
from tests.participation.fixtures import open_process
from tests.sensing.rules.helpers import make_stream
from tests.warnings.helpers import draft, published


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _sensing_rows(category: ServiceCategory, case: Case) -> None:
    stream = make_stream()
    rule = Rule.objects.create(
        code="river-level", name="River above its warning level",
        name_i18n={"zh-hans": "河道水位超警戒"}, kind="window",
        params={"minutes": 60, "aggregate": "max"}, datastream=stream,
        yellow=3.0, orange=3.5, red=4.0, hysteresis=0.1, case_level="yellow",
        category=category, answers={"traffic_blocked": "no"},
    )
    now = timezone.now()
    alert = Alert.objects.create(rule=rule, datastream=stream, level="yellow",
                                 highest_level="yellow", started_at=now, peak=3.2, case=case)
    RuleState.objects.create(rule=rule, datastream=stream, level="yellow", since=now,
                             last_value=3.2, last_evaluated=now, alert=alert, case=case)
    indicator = Indicator.objects.create(
        code="water-loss", name="Water lost from the network",
        name_i18n={"zh-hans": "供水管网漏损率"}, unit="%", source="manual",
        better="lower", green=9, amber=12, tags=["SDG 6.4.1"],
    )
    IndicatorValue.objects.create(indicator=indicator, at=now, value=11.5, band="amber")
    weather = MultiDatastream.objects.create(
        name="Weather on the gauge's mast", thing=stream.thing, sensor=stream.sensor,
        multi_observation_data_types=[stream.observation_type],
        unit_of_measurements=[stream.unit_of_measurement])
    MultiDatastreamObservedProperty.objects.create(
        multi_datastream=weather, observed_property=stream.observed_property, rank=0)
    _warning_rows(rule, alert)


def _warning_rows(rule: Rule, alert: Alert) -> None:
    """A draft first (the crawl edits the first row; a published one is read-only)."""
    template = WarningTemplate.objects.create(
        code="flood", name="River flood", name_i18n={"zh-hans": "河道洪水"}, event="Flood",
        headline="Flood warning", headline_i18n={"zh-hans": "洪水预警"},
        description="The river is rising.", instruction="Keep away from the bank.")
    trigger = WarningTrigger.objects.create(name="River over orange", rule=rule, level="orange",
                                            template=template)
    area = Area.objects.get(code="west")
    draft(area, alert=alert, trigger=trigger, template=template)
    published(area)


def _triage_rows(case: Case) -> None:
    now = timezone.now()
    hotspot = Hotspot.objects.create(case=case, category=case.category, lat=29.54, lon=106.58,
                                     radius_m=500, size=1, created_at=now, last_report_at=now)
    HotspotMember.objects.create(hotspot=hotspot, case=case, joined_at=now)
    Topic.objects.create(week="2030-W05", rank=1, label_en="Potholes", label_zh="坑洼",
                         size=3, terms=[], categories=[["pothole", 3]], examples=[],
                         computed_at=now)


def _warning_subscription_rows(city: City) -> None:
    """A community leader's subscription (the published warning's fan-out reaches them)."""
    optin.subscribe(optin.Ask("email", "leader@example.org", (city.areas["east"],), "zh-hans",
                              source="staff"), confirmed=True)


@pytest.fixture
def every_model(city: City, city_admin: User, make_case: Callable[..., Case]) -> City:
    """One row or more of every registered model."""
    case = make_case()
    flooding = ServiceCategory.objects.get(service_code="flooding")
    ApiClient.create("Test App", "dev@example.org")
    channel = NotificationChannel.objects.create(
        name="Roads desk", kind="email", department=city.departments["roads"],
        target="roads@city.example")
    if not Message.objects.exists():
        Message.objects.create(kind="new_case", case=case, transport="email",
                               target=channel.target, channel=channel, language="en",
                               next_attempt_at=timezone.now(), created_at=timezone.now())
    Conversation.objects.create(platform="telegram", chat_id="4242", language="en",
                                step="location", case=case)
    Subscription.objects.create(email="follower@example.org", target="area",
                                area=city.areas["east"], language="en",
                                created_at=timezone.now(), confirmed_at=timezone.now())
    JobRun.objects.get_or_create(
        name="sla_sweep", defaults={"next_run_at": timezone.now() + timedelta(minutes=5)})
    ResponseTemplate.objects.create(title="Crew booked", text="A crew will come this week.",
                                    text_i18n={"zh-hans": "本周安排人员处理。"})
    SavedView.objects.create(user=city_admin, name="Overdue potholes",
                             querystring="overdue=on&category=pothole")
    _warning_subscription_rows(city)  # before the warnings, whose fan-out reaches it
    _sensing_rows(flooding, case)
    _triage_rows(case)
    Place.objects.create(ref="road:hetang road", kind="road", name="Hetang Road",
                         name_i18n={"zh-hans": "荷塘路"}, lat=29.58, lon=106.52,
                         area=city.areas["west_n"])
    InboundMail.objects.create(
        received_at=timezone.now(), via="smtp", mail_from="citizen@example.org",
        recipients="reports@city.example", size=60, state="case", case=case,
        raw=b"From: citizen@example.org\r\nSubject: Pothole\r\n\r\nA deep hole.\r\n")
    _participation_rows(city, city_admin)
    return city


def _participation_rows(city: City, admin: User) -> None:
    now = timezone.now()
    resident = Resident.objects.create(
        channel="email", address="ann@example.org", identity=identity("email", "ann@example.org"),
        language="en", verified_at=now)
    process = open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS,
                           department=city.departments["roads"])
    proposal = Proposal.objects.create(
        process=process, title="Zebra crossing", body="Paint a zebra crossing by the school.",
        author=resident, language="en", created_at=now)
    Comment.objects.create(proposal=proposal, author=resident, body="Yes please.",
                           created_at=now)
    audit.record(EventKind.HIDDEN, now, proposal=proposal, staff=admin, reason="Testing")
    AnswerTemplate.objects.create(title="Measured first", status="evaluating",
                                  text="We are measuring first.")
    budget = Budget.objects.create(
        process=open_process(ProcessKind.BUDGET, PhaseKind.VOTE, slug="east-budget"),
        title="East budget", amount=100_000)
    Project.objects.create(budget=budget, title="Benches", cost=30_000)
    survey = Survey.objects.create(
        process=open_process(ProcessKind.SURVEY, PhaseKind.CONSULTATION, slug="streets"),
        title="Our streets")
    Question.objects.create(survey=survey, kind=QuestionKind.POINT, text="Where?")
