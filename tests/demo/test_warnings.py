from django.utils import timezone

from cityloop.demo.warnings import TEMPLATES, load_templates, past_warning, river_trigger
from cityloop.geo.models import Area
from cityloop.warnings.current import in_force
from cityloop.warnings.models import Warning, WarningTemplate, WarningTrigger
from tests.citydata import square
from tests.sensing.rules.helpers import make_rule, make_stream


def test_templates_past_warning_and_trigger_load_once(city):
    assert load_templates() == load_templates() == len(TEMPLATES)
    assert set(WarningTemplate.objects.values_list("code", flat=True)) == {
        "flood", "heavy-rain", "heat", "air-pollution"}
    assert all(t.headline_i18n.get("zh-hans") for t in WarningTemplate.objects.all())
    assert past_warning() is None  # no Binjiang in the test city
    Area.objects.create(code="binjiang", name="Binjiang District", level="district",
                        parent=city.areas["testcity"], geometry=square(106.5, 29.5, 106.6, 29.6))
    warning = past_warning()
    assert warning is not None and warning.published_at is not None
    assert warning.published_at < timezone.now()
    assert not warning.is_current() and in_force() == []
    assert past_warning() is None and Warning.objects.count() == 1
    assert not river_trigger()
    make_rule(make_stream())
    assert river_trigger() and river_trigger()
    assert WarningTrigger.objects.get().template.code == "flood"
