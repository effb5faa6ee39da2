"""Reporters' contact details: behind a button, for permitted roles, and every viewing audited."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import CaseEvent
from tests.web.staff.helpers import act, actions_of, page


def test_it_hides_contact_details_until_asked(client_for, roads_officer, roads_case):
    case = roads_case(contact=ContactInfo(name="Mei", email="mei@example.org", phone="555-0101"))
    html = page(client_for(roads_officer).get(f"/staff/cases/{case.reference}/"))
    assert 'data-testid="show-contact"' in html
    assert "mei@example.org" not in html and "555-0101" not in html


def test_it_shows_reporter_and_followers_and_records_the_viewing(client_for, roads_officer,
                                                                roads_case):
    case = roads_case(contact=ContactInfo(name="Mei", email="mei@example.org", phone="555-0101"))
    act(case, "follow", roads_officer, contact=ContactInfo(name="Wu", phone="555-0202"))
    response = client_for(roads_officer).post(f"/staff/cases/{case.reference}/contact/")
    html = page(response)
    assert response.status_code == 200
    assert "mei@example.org" in html and "555-0101" in html and "Wu" in html and "555-0202" in html
    assert response["Cache-Control"] == "no-store"
    viewing = CaseEvent.objects.get(case=case, action="contact_viewed")
    assert viewing.actor_user == roads_officer
    assert "mei@example.org" not in str(viewing.data)  # the chain never holds the details


def test_every_viewing_leaves_its_own_event(client_for, operator, roads_case):
    case = roads_case()
    client = client_for(operator)
    client.post(f"/staff/cases/{case.reference}/contact/")
    client.post(f"/staff/cases/{case.reference}/contact/")
    assert actions_of(case).count("contact_viewed") == 2


def test_it_refuses_staff_without_the_permission(client_for, city, roads_case):
    clerk = User.objects.create_user("clerk", "clerk@city.example", "x", is_staff=True)
    group = Group.objects.create(name="viewer")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="view_case"),
                          Permission.objects.get(codename="add_case"))
    clerk.groups.add(group)  # an operator without "view_contact"
    case = roads_case(contact=ContactInfo(email="mei@example.org"))
    client = client_for(clerk)
    html = page(client.get(f"/staff/cases/{case.reference}/"))
    assert 'data-testid="show-contact"' not in html
    response = client.post(f"/staff/cases/{case.reference}/contact/")
    assert response.status_code == 403
    assert "mei@example.org" not in page(response)
    assert "contact_viewed" not in actions_of(case)


def test_it_answers_404_for_a_case_the_user_cannot_see(client_for, water_officer, roads_case):
    case = roads_case(contact=ContactInfo(email="mei@example.org"))
    response = client_for(water_officer).post(f"/staff/cases/{case.reference}/contact/")
    assert response.status_code == 404
    assert "contact_viewed" not in actions_of(case)


def test_it_needs_a_post_to_show_them(client_for, roads_officer, roads_case):
    case = roads_case()
    response = client_for(roads_officer).get(f"/staff/cases/{case.reference}/contact/")
    assert response.status_code == 405


def test_a_reporter_by_chat_shows_their_chat_only_when_asked(client_for, roads_officer,
                                                             roads_case):
    # notify.chat: the chat is how the city reaches them, as private as an email address.
    case = roads_case(contact=ContactInfo(chat="telegram:424242"))
    client = client_for(roads_officer)
    assert "telegram:424242" not in page(client.get(f"/staff/cases/{case.reference}/"))
    html = page(client.post(f"/staff/cases/{case.reference}/contact/"))
    assert "<td>telegram:424242</td>" in html
    public = page(client.get(f"/cases/{case.reference}/"))
    assert "424242" not in public
