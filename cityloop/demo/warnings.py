"""The demo city's public warnings: four templates a duty officer starts from, one
past warning so /warnings/ is not empty, and the river gauge's trigger.

Idempotent like the rest of the demo: templates are updated by code, the past
warning is made once, the trigger once its rule exists (the sensor network
loads the rules when it starts).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cityloop.geo.models import Area
from cityloop.sensing.rules.models import Rule
from cityloop.warnings.models import TriggerAction, Warning, WarningTemplate, WarningTrigger
from cityloop.warnings.publish import publish

PAST_HEADLINE = "Heavy rain in Binjiang: expect standing water on riverside roads"

TEMPLATES: list[dict[str, Any]] = [
    {"code": "flood", "name": "River flood", "name_i18n": {"zh-hans": "江河洪水"},
     "event": "Flood", "event_i18n": {"zh-hans": "洪水"}, "category": "Met",
     "severity": "Severe", "urgency": "Immediate", "certainty": "Observed",
     "headline": "Flood warning: the river is over its warning level",
     "headline_i18n": {"zh-hans": "洪水预警：江水超过警戒水位"},
     "description": "The river gauge reads above its warning level and the water is still "
                    "rising. Low-lying riverside streets may flood.",
     "description_i18n": {"zh-hans": "水位站读数已超过警戒水位，江水"
                                     "仍在上涨，沿江低洼街道可能被淹。"},
     "instruction": "Keep away from the river bank and underpasses. Move vehicles and "
                    "valuables from basements. Follow the instructions of rescue staff.",
     "instruction_i18n": {"zh-hans": "请远离江岸和下穿通道，将车辆和贵重"
                                     "物品移出地下室，听从救援人员指挥。"},
     "valid_minutes": 360},
    {"code": "heavy-rain", "name": "Heavy rain", "name_i18n": {"zh-hans": "暴雨"},
     "event": "Heavy rain", "event_i18n": {"zh-hans": "暴雨"}, "category": "Met",
     "severity": "Moderate", "urgency": "Expected", "certainty": "Likely",
     "headline": "Heavy rain warning: more than 50 mm expected within hours",
     "headline_i18n": {"zh-hans": "暴雨预警：数小时内预计降雨超过 50 毫米"},
     "description": "Rain gauges measure heavy rain and more is expected. Roads may hold "
                    "standing water and drains may overflow.",
     "description_i18n": {"zh-hans": "雨量站监测到强降雨，且仍将持续。"
                                     "道路可能积水，排水管道可能溢流。"},
     "instruction": "Avoid underpasses and flooded roads; do not walk or drive through "
                    "moving water.",
     "instruction_i18n": {"zh-hans": "请避开下穿通道和积水路段，不要涉水步行或驾车。"},
     "valid_minutes": 240},
    {"code": "heat", "name": "Heat wave", "name_i18n": {"zh-hans": "高温"},
     "event": "Heat wave", "event_i18n": {"zh-hans": "高温"}, "category": "Met",
     "severity": "Moderate", "urgency": "Expected", "certainty": "Likely",
     "headline": "Heat warning: 37 °C or more in the afternoon",
     "headline_i18n": {"zh-hans": "高温预警：午后气温将达 37 °C 以上"},
     "description": "Afternoon temperatures of 37 °C or more are expected for the next days.",
     "description_i18n": {"zh-hans": "未来几天午后气温预计达到 37 °C 或以上。"},
     "instruction": "Stay out of the sun between 11:00 and 16:00, drink water often and "
                    "look in on elderly neighbours.",
     "instruction_i18n": {"zh-hans": "11:00 至 16:00 避免日晒，勤喝水，多关照年长的邻居。"},
     "valid_minutes": 1440},
    {"code": "air-pollution", "name": "Air pollution", "name_i18n": {"zh-hans": "空气污染"},
     "event": "Air pollution", "event_i18n": {"zh-hans": "空气污染"}, "category": "Env",
     "severity": "Moderate", "urgency": "Expected", "certainty": "Observed",
     "headline": "Air pollution warning: fine particles (PM2.5) are high",
     "headline_i18n": {"zh-hans": "空气污染预警：细颗粒物（PM2.5）浓度偏高"},
     "description": "Air monitors measure high levels of fine particles (PM2.5).",
     "description_i18n": {"zh-hans": "空气监测站测得细颗粒物（PM2.5）浓度偏高。"},
     "instruction": "Limit outdoor exercise, especially children, older people and people "
                    "with heart or lung conditions; keep windows closed.",
     "instruction_i18n": {"zh-hans": "减少户外运动，儿童、老人和心肺"
                                     "疾病患者尤其注意；请关闭门窗。"},
     "valid_minutes": 720},
]


def load_templates() -> int:
    for values in TEMPLATES:
        values = dict(values)
        WarningTemplate.objects.update_or_create(code=values.pop("code"), defaults=values)
    return len(TEMPLATES)


def past_warning() -> Warning | None:
    """A heavy-rain warning for Binjiang three days ago, expired, once."""
    binjiang = Area.objects.filter(code="binjiang").first()
    if binjiang is None or Warning.objects.filter(headline=PAST_HEADLINE).exists():
        return None
    template = WarningTemplate.objects.get(code="heavy-rain")
    fields = {name: getattr(template, name) for name in (
        "event", "event_i18n", "category", "severity", "urgency", "certainty",
        "description", "description_i18n", "instruction", "instruction_i18n")}
    sent = timezone.now() - timedelta(days=3)
    with transaction.atomic():
        warning = Warning.objects.create(
            **fields, template=template, headline=PAST_HEADLINE,
            headline_i18n={"zh-hans": "滨江区暴雨：沿江道路将有积水"}, valid_minutes=360)
        warning.areas.set([binjiang])
        return publish(warning, by="demo", now=sent)


def river_trigger() -> bool:
    """The river gauge over red proposes a flood warning for its district."""
    rule = Rule.objects.filter(code="river-level").first()
    if rule is None:
        return False
    WarningTrigger.objects.get_or_create(
        rule=rule, level="red", defaults={
            "name": "River gauge over red: flood warning for its district",
            "template": WarningTemplate.objects.get(code="flood"),
            "action": TriggerAction.PROPOSE})
    return True
