"""The case page shows everything about a case to the staff who may see it."""

from __future__ import annotations

from django.utils import timezone

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import CaseMedia
from tests.web.staff.helpers import act, page


def url(case) -> str:
    return f"/staff/cases/{case.reference}/"


def test_it_shows_the_case_facts(client_for, roads_officer, roads_case):
    case = roads_case(description="Deep hole <b>near</b> the bus stop",
                      attributes={"size": "large", "depth_cm": "12"})
    response = client_for(roads_officer).get(url(case))
    html = page(response)
    assert response.status_code == 200
    assert f'data-testid="case-reference">{case.reference}<' in html
    assert 'data-status="new"' in html
    assert "Roads and Bridges Bureau" in html
    assert "12 Bridge Road" in html
    assert "Deep hole &lt;b&gt;near&lt;/b&gt; the bus stop" in html  # escaped, never markup
    # Answers come with their question's text and the chosen value's name.
    assert "How big is the pothole?" in html and "Larger than a car tyre" in html
    assert "Roughly how deep is it, in centimetres?" in html


def test_it_renders_in_chinese(client_for, roads_officer, roads_case):
    case = roads_case(attributes={"size": "large"})
    html = page(client_for(roads_officer, "zh-hans").get(url(case)))
    assert '<html lang="zh-hans">' in html
    assert "坑洼有多大？" in html and "比车轮大" in html
    assert "道路桥梁管理局" in html
    assert "待分派" in html


def test_it_shows_the_full_timeline_with_notes_and_names(client_for, roads_officer, roads_case):
    case = roads_case()
    act(case, "note", roads_officer, note="Crew says it needs a road closure")
    act(case, "comment", roads_officer, public_text="We are on it")
    act(case, "assign", roads_officer, assignee=roads_officer)
    html = page(client_for(roads_officer).get(url(case)))
    assert html.count('data-testid="timeline-entry"') == 4
    assert "Crew says it needs a road closure" in html
    assert "update--internal" in html and "update--public" in html
    assert "Alice" in html  # the actor's name
    assert 'data-action="assign"' in html and "Assigned to Alice" in html  # the event's details


def test_it_counts_the_followers(client_for, roads_officer, roads_case):
    case = roads_case()
    act(case, "follow", roads_officer, contact=ContactInfo(email="neighbour@example.org"))
    html = page(client_for(roads_officer).get(url(case)))
    assert "2 people follow this case" in html


def test_it_shows_the_triage_suggestion(client_for, roads_officer, roads_case):
    case = roads_case(description="big pothole, a hole in road")
    html = page(client_for(roads_officer).get(url(case)))
    assert 'data-testid="case-triage"' in html
    assert "Pothole" in html and "keywords" in html


def test_it_suggests_possible_duplicates_with_a_merge_button(client_for, roads_supervisor,
                                                            east_case):
    first, second = east_case(), east_case()
    html = page(client_for(roads_supervisor).get(url(second)))
    assert 'data-testid="possible-duplicates"' in html
    assert f"Merge this case into {first.reference}" in html


def test_it_shows_photos_to_staff_only_through_the_console(client_for, roads_officer,
                                                          roads_case, water_officer):
    from tests.web.staff.helpers import image_file

    case = roads_case()
    client = client_for(roads_officer)
    client.post(f"/staff/cases/{case.reference}/act/add_photos/",
                {"add_photos-photos": [image_file()]})
    photo = CaseMedia.objects.get(case=case)
    assert f"/staff/media/{photo.pk}/" in page(client.get(url(case)))
    response = client.get(f"/staff/media/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert client_for(water_officer).get(f"/staff/media/{photo.pk}/").status_code == 404


def test_it_answers_404_for_an_unknown_reference(client_for, roads_officer):
    assert client_for(roads_officer).get("/staff/cases/2026-999999/").status_code == 404


def test_it_documents_the_keyboard_shortcuts_on_the_page(client_for, roads_officer, roads_case):
    html = page(client_for(roads_officer).get(url(roads_case())))
    assert 'data-testid="shortcut-list"' in html
    for key in ("a", "c", "n", "r", "j", "k", "?"):
        assert f"<kbd>{key}</kbd>" in html, key
    assert 'data-shortcut="a"' in html
    assert "staff.js" in html


def test_a_linked_photo_is_shown_with_its_host_and_never_redirected_to(
        client_for, roads_officer, roads_case):
    # An Open311 app may send any address as media_url: the console shows it as a link
    # with its host, and /staff/media/ does not become a redirect to it.
    case = roads_case()
    linked = CaseMedia.objects.create(case=case, url="https://evil.example/phish?x=1",
                                      created_at=timezone.now())
    client = client_for(roads_officer)
    html = page(client.get(url(case)))
    assert "evil.example" in html
    assert f"/staff/media/{linked.pk}/" not in html
    response = client.get(f"/staff/media/{linked.pk}/")
    assert response.status_code == 404
    assert "evil.example" not in response.get("Location", "")
