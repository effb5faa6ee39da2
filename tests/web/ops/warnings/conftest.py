import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from cityloop.warnings.models import WarningTemplate
from cityloop.warnings.roles import DUTY_OFFICER


@pytest.fixture
def duty_officer(city):
    user = User.objects.create_user("dora_duty", "dora@city.example", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=DUTY_OFFICER))
    return user


@pytest.fixture
def officer_client(duty_officer):
    client = Client()
    client.force_login(duty_officer)
    return client


@pytest.fixture
def flood_template(city):
    return WarningTemplate.objects.create(
        code="flood", name="Flood", name_i18n={"zh-hans": "洪水"}, event="Flood",
        event_i18n={"zh-hans": "洪水"}, category="Met", severity="Severe", urgency="Expected",
        certainty="Likely", headline="Flood warning", headline_i18n={"zh-hans": "洪水预警"},
        description="The river is rising.", description_i18n={"zh-hans": "河水正在上涨。"},
        instruction="Keep away from the river.", instruction_i18n={"zh-hans": "远离河道。"},
        valid_minutes=180)
