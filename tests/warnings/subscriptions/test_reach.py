"""A sensor rule that publishes a warning reaches its area's subscribers, and the time
from the observation to the first resident told is recorded."""

from __future__ import annotations

from cityloop.notify.models import Message
from cityloop.warnings.models import TriggerAction, Warning, WarningTemplate, WarningTrigger
from cityloop.warnings.subscriptions import reach
from cityloop.warnings.subscriptions.models import Channel, Fanout
from tests.notify.helpers import send
from tests.sensing.rules.helpers import make_rule, make_stream, series
from tests.warnings.subscriptions.helpers import by_email, subscribed


def test_a_rule_publishes_a_warning_that_reaches_its_areas_subscribers(city):
    by_email("east@example.org", city.areas["east"], language="zh-hans")
    by_email("west@example.org", city.areas["west"])
    subscribed(Channel.WEBHOOK, "https://community.example/hook", city.areas["east_n"])
    template = WarningTemplate.objects.create(
        code="flood", name="Flood", event="Flood", severity="Severe", urgency="Immediate",
        certainty="Observed", headline="River over its banks",
        headline_i18n={"zh-hans": "河水漫堤"}, description="The gauge reads above red.",
        instruction="Leave the river bank.")
    stream = make_stream()
    trigger = WarningTrigger.objects.create(name="River over orange", rule=make_rule(stream),
                                            template=template, level="orange",
                                            action=TriggerAction.PUBLISH)
    trigger.areas.set([city.areas["east_n"]])

    series(stream, 0, [4.2])  # the gauge over red: the rule publishes

    warning = Warning.objects.get()
    assert warning.observed_at is not None
    messages = {m.target: m for m in Message.objects.filter(warning=warning)}
    assert set(messages) == {"east@example.org", "https://community.example/hook"}
    assert reach.reach(warning).seconds_to_first is None  # nobody told yet

    assert send(messages["east@example.org"]) == "ok"
    fanout = Fanout.objects.get(warning=warning)
    assert fanout.first_sent_at == messages["east@example.org"].sent_at
    told = reach.reach(warning)
    assert (told.queued, told.sent) == (2, 1)
    assert fanout.first_sent_at is not None and warning.observed_at is not None
    assert told.seconds_to_first == (fanout.first_sent_at - warning.observed_at).total_seconds()
