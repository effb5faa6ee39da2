"""Saved views: a named filter per person, listed on the queue, deletable."""

from __future__ import annotations

from urllib.parse import parse_qs

from cityloop.web.models import SavedView
from tests.web.staff.helpers import page


def test_it_saves_the_current_filter_under_a_name(client_for, roads_officer):
    client = client_for(roads_officer)
    response = client.post("/staff/views/", {
        "name": "Urgent potholes",
        "querystring": "filtered=1&status=new&priority=urgent&category=pothole&page=3&view=map"})
    view = SavedView.objects.get(user=roads_officer)
    assert view.name == "Urgent potholes"
    saved = parse_qs(view.querystring)
    assert saved == {"filtered": ["1"], "status": ["new"], "priority": ["urgent"],
                     "category": ["pothole"]}  # paging and view are not part of a filter
    assert response.status_code == 302 and view.querystring in response["Location"]
    html = page(client.get("/staff/"))
    assert "Urgent potholes" in html
    assert f"/staff/?{view.querystring}".replace("&", "&amp;") in html


def test_it_replaces_a_view_saved_again_under_the_same_name(client_for, roads_officer):
    client = client_for(roads_officer)
    client.post("/staff/views/", {"name": "Mine", "querystring": "assigned=me"})
    client.post("/staff/views/", {"name": "Mine", "querystring": "assigned=none"})
    assert SavedView.objects.filter(user=roads_officer).count() == 1
    assert "assigned=none" in SavedView.objects.get(user=roads_officer).querystring


def test_it_needs_a_name(client_for, roads_officer):
    client = client_for(roads_officer)
    response = client.post("/staff/views/", {"name": "  ", "querystring": "assigned=me"},
                           follow=True)
    assert not SavedView.objects.exists()
    assert "Give the view a name." in page(response)


def test_it_lists_only_the_users_own_views(client_for, roads_officer, water_officer):
    SavedView.objects.create(user=water_officer, name="Water secrets", querystring="")
    assert "Water secrets" not in page(client_for(roads_officer).get("/staff/"))


def test_it_deletes_own_views_only(client_for, roads_officer, water_officer):
    mine = SavedView.objects.create(user=roads_officer, name="Mine", querystring="")
    theirs = SavedView.objects.create(user=water_officer, name="Theirs", querystring="")
    client = client_for(roads_officer)
    assert client.post(f"/staff/views/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/staff/views/{mine.pk}/delete/").status_code == 302
    assert list(SavedView.objects.values_list("name", flat=True)) == ["Theirs"]


def test_it_shows_saved_views_in_chinese(client_for, roads_officer):
    SavedView.objects.create(user=roads_officer, name="我的视图", querystring="assigned=me")
    response = client_for(roads_officer, "zh-hans").get("/staff/")
    assert "我的视图" in page(response)
