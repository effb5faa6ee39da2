"""Response templates: offered per category and status, inserted into the public update."""

from __future__ import annotations

import json
import re

from cityloop.catalogue.models import ServiceCategory
from cityloop.web.models import ResponseTemplate
from cityloop.web.staff import templates_text
from tests.web.staff.helpers import act, page


def make_templates():
    pothole = ServiceCategory.objects.get(service_code="pothole")
    drain = ServiceCategory.objects.get(service_code="blocked_drain")
    return {
        "any": ResponseTemplate.objects.create(title="Thanks", text="Thank you for {reference}."),
        "pothole_new": ResponseTemplate.objects.create(
            category=pothole, status="new", title="Crew booked",
            text="A crew will fill the {category} by {due}.",
            text_i18n={"zh-hans": "我们将在{due}前修复{category}。"}),
        "drain": ResponseTemplate.objects.create(category=drain, title="Drain", text="Drain."),
        "resolved": ResponseTemplate.objects.create(status="resolved", title="Done", text="Done."),
        "off": ResponseTemplate.objects.create(title="Old", text="Old.", active=False),
    }


def test_it_offers_the_templates_for_the_category_and_status(roads_case):
    templates = make_templates()
    case = roads_case()
    offered = templates_text.for_case(case)
    assert [t["id"] for t in offered] == [templates["pothole_new"].pk, templates["any"].pk]
    assert offered[1]["text"] == f"Thank you for {case.reference}."
    assert offered[0]["text"].startswith("A crew will fill the Pothole by ")


def test_it_picks_the_text_in_the_reporters_language(roads_case):
    make_templates()
    from cityloop.cases.contacts import ContactInfo

    case = roads_case(contact=ContactInfo(email="li@example.org", language="zh-hans"))
    chinese = templates_text.for_case(case)[0]["text"]
    assert chinese.startswith("我们将在") and "路面坑洼" in chinese


def test_the_case_page_carries_them_for_the_script(client_for, roads_officer, roads_case):
    templates = make_templates()
    case = roads_case()
    html = page(client_for(roads_officer).get(f"/staff/cases/{case.reference}/"))
    script = re.search(r'<script id="response-templates" type="application/json">'
                       r"(.*?)</script>", html, re.S)
    assert script is not None, html
    data = json.loads(script.group(1))
    assert [t["title"] for t in data] == ["Crew booked", "Thanks"]
    assert f'<option value="{templates["pothole_new"].pk}">Crew booked</option>' in html
    assert 'data-testid="insert-template"' in html


def test_without_javascript_it_inserts_the_text_and_records_nothing(client_for, roads_officer,
                                                                    roads_case):
    templates = make_templates()
    case = roads_case()
    response = client_for(roads_officer).post(f"/staff/cases/{case.reference}/act/comment/", {
        "comment-public_text": "Hello.", "comment-template": str(templates["any"].pk),
        "insert_template": "1"})
    assert response.status_code == 200
    html = page(response)
    assert f"Hello.\n\nThank you for {case.reference}." in html
    assert "comment" not in list(case.events.values_list("action", flat=True))


def test_it_changes_with_the_status(roads_case, roads_officer):
    templates = make_templates()
    case = roads_case()
    act(case, "resolve", roads_officer, public_text="ok")
    ids = [t["id"] for t in templates_text.for_case(case)]
    assert ids == [templates["resolved"].pk, templates["any"].pk]
