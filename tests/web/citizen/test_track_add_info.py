"""Adding information while the case is open (text and photos); not once it is closed."""

from __future__ import annotations

from cityloop.cases.models import CaseEvent, CaseMedia
from tests.cases.helpers import act
from tests.web.citizen.conftest import EN, jpeg, text_named_jpg


def test_it_adds_information_to_an_open_case(client, city, make_case):
    case = make_case()
    url = f"/track/{case.tracking_token}/"
    response = client.post(url + "add-info/", {"text": "It is getting bigger.",
                                               "photos": [jpeg()]}, **EN)
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, action="add_info")
    assert event.public_text == "It is getting bigger."
    assert event.actor_kind == "citizen"
    photo = CaseMedia.objects.get(case=case)
    assert (photo.kind, photo.public) == ("before", False)
    html = client.get(url, **EN).content.decode()
    assert "It is getting bigger." in html
    assert "Thank you: your information has been added" in html
    assert f"/photos/{photo.pk}/" in html


def test_it_needs_some_text(client, city, make_case):
    case = make_case()
    response = client.post(f"/track/{case.tracking_token}/add-info/", {"text": "  "}, **EN)
    assert response.status_code == 400
    assert "Write what you would like to add." in response.content.decode()
    assert not CaseEvent.objects.filter(action="add_info").exists()


def test_a_bad_photo_adds_nothing(client, city, make_case):
    case = make_case()
    response = client.post(f"/track/{case.tracking_token}/add-info/",
                           {"text": "See the photo", "photos": [text_named_jpg()]}, **EN)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Photo 1: holiday.jpg is not an image we can read." in html
    assert "See the photo" in html  # kept
    assert not CaseEvent.objects.filter(action="add_info").exists()
    assert not CaseMedia.objects.exists()


def test_it_refuses_information_once_closed(client, city, make_case, roads_officer):
    case = make_case()
    act(case, "resolve", roads_officer, public_text="Done")
    act(case, "close", roads_officer)
    url = f"/track/{case.tracking_token}/"
    assert 'data-testid="add-info-form"' not in client.get(url, **EN).content.decode()
    response = client.post(url + "add-info/", {"text": "One more thing"}, **EN)
    assert response.status_code == 409
    assert "This report is closed" in response.content.decode()
    assert not CaseEvent.objects.filter(action="add_info").exists()


def test_it_is_post_only(client, city, make_case):
    case = make_case()
    assert client.get(f"/track/{case.tracking_token}/add-info/").status_code == 405
