"""The staff timeline tells what happened in sentences, in the page's language."""

from __future__ import annotations

from django.contrib.auth.models import User

from tests.web.staff.helpers import act, image_file, page


def url(case) -> str:
    return f"/staff/cases/{case.reference}/"


def details(html: str) -> str:
    """The timeline's part of the page (details included)."""
    return html[html.index('data-testid="timeline"'):]


def test_it_names_the_assignee_by_full_name(client_for, roads_officer, roads_supervisor,
                                            roads_case):
    roads_officer.first_name, roads_officer.last_name = "Li", "Wei"
    roads_officer.save()
    case = roads_case()
    act(case, "assign", roads_supervisor, assignee=roads_officer)
    timeline = details(page(client_for(roads_supervisor).get(url(case))))
    assert "Assigned to Li Wei" in timeline
    assert "assignee:" not in timeline and "alice_roads" not in timeline


def test_it_falls_back_to_the_username_without_a_name(client_for, roads_supervisor, roads_case):
    nameless = User.objects.create_user("roads.binjiang", is_staff=True)
    case = roads_case()
    act(case, "assign", roads_supervisor, assignee=nameless)
    html = page(client_for(roads_supervisor).get(url(case)))
    assert "Assigned to roads.binjiang" in details(html)


def test_it_counts_the_photos_of_a_resolution(client_for, roads_officer, roads_case):
    case = roads_case()
    client = client_for(roads_officer)
    client.post(f"{url(case)}act/resolve/",
                {"resolve-public_text": "Filled", "resolve-photos": [image_file(), image_file()]})
    timeline = details(page(client.get(url(case))))
    assert "2 photos" in timeline
    assert "photos: [" not in timeline and "media" not in timeline


def test_it_titles_events_by_what_happened(client_for, roads_officer, roads_case):
    case = roads_case()
    act(case, "set_priority", roads_officer, priority="urgent", note="School next door")
    timeline = details(page(client_for(roads_officer).get(url(case))))
    assert "Report received" in timeline
    assert "Priority changed" in timeline and "Priority: Normal → Urgent" in timeline
    assert "Received through: Web form" in timeline


def test_it_writes_the_timeline_in_chinese(client_for, roads_officer, roads_supervisor, roads_case):
    roads_officer.first_name, roads_officer.last_name = "伟", "李"
    roads_officer.save()
    case = roads_case()
    act(case, "assign", roads_supervisor, assignee=roads_officer)
    act(case, "escalate", roads_supervisor)
    timeline = details(page(client_for(roads_supervisor, "zh-hans").get(url(case))))
    assert "已分派给" in timeline and "李" in timeline
    assert "市民" in timeline  # who reported: a generic word, in the page's language
    assert "已收到诉求" in timeline and "受理渠道" in timeline and "已升级督办" in timeline
    for english in ("Assigned to", "Report received", "Received through", "Escalated", "Due "):
        assert english not in timeline


def test_a_done_action_says_so_in_a_sentence(client_for, roads_officer, roads_case):
    case = roads_case()
    client = client_for(roads_officer)
    response = client.post(f"{url(case)}act/resolve/", {"resolve-public_text": "Filled"},
                           follow=True)
    html = page(response)
    assert "The case was resolved." in html
    assert "Done:" not in html


def test_a_done_action_says_so_in_chinese(client_for, roads_officer, roads_case):
    case = roads_case()
    response = client_for(roads_officer, "zh-hans").post(
        f"{url(case)}act/note/", {"note-note": "Crew booked"}, follow=True)
    html = page(response)
    assert "内部备注已保存。" in html
    assert "Done:" not in html and "完成：" not in html


def test_it_names_the_systems_own_actors(client_for, roads_officer, roads_case):
    from cityloop.cases import lifecycle
    from cityloop.cases.actors import Actor
    from cityloop.cases.sla import SWEEPER

    case = roads_case()
    lifecycle.transition(case, "mark_overdue", Actor.system(SWEEPER), note="Past its due time.")
    timeline = details(page(client_for(roads_officer).get(url(case))))
    assert "Deadline watch" in timeline and "Citizen" in timeline
    zh = details(page(client_for(roads_officer, "zh-hans").get(url(case))))
    assert "时限监控" in zh
