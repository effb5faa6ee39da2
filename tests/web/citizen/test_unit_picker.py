"""picker: categories grouped by service group, found by names and keywords in any language."""

from __future__ import annotations

from django.utils import translation

from cityloop.web.citizen import picker


def test_it_matches_every_word_of_the_query():
    text = picker.normalise("Pothole | hole in road | 路上有坑")
    assert picker.matches(text, "hole road")
    assert picker.matches(text, "  HOLE   ")
    assert picker.matches(text, "路上")
    assert not picker.matches(text, "hole lamp")
    assert picker.matches(text, "")


def test_it_groups_categories_in_the_catalogue_order(city):
    groups = picker.groups()
    assert groups[0].code == "roads"
    assert [o.code for o in groups[0].options][:2] == ["pothole", "footpath"]
    assert not any(g.open for g in groups)


def test_it_opens_the_group_of_the_chosen_category(city):
    groups = {g.code: g for g in picker.groups(chosen="flooding")}
    assert groups["water"].open
    assert not groups["roads"].open


def test_it_finds_categories_by_english_and_chinese_keywords(city):
    assert [o.code for g in picker.groups(query="overflowing bin") for o in g.options] == [
        "missed_collection"]
    found = [o.code for g in picker.groups(query="路灯") for o in g.options]
    assert "streetlight" in found
    assert picker.groups(query="zzqqxx") == []


def test_it_finds_a_category_by_its_name_in_the_other_language(city):
    with translation.override("en"):
        found = [o.code for g in picker.groups(query="积水内涝") for o in g.options]
    assert found == ["flooding"]


def test_it_shows_names_in_the_active_language(city):
    with translation.override("zh-hans"):
        names = [o.name for g in picker.groups() for o in g.options]
    assert "路面坑洼" in names


def test_it_ignores_inactive_categories(city):
    from cityloop.catalogue import snapshot
    from cityloop.catalogue.models import ServiceCategory

    ServiceCategory.objects.filter(service_code="graffiti").update(active=False)
    snapshot.touch()
    assert "graffiti" not in [o.code for g in picker.groups() for o in g.options]
    assert picker.chosen_category("graffiti") is None
    assert picker.chosen_category("pothole") is not None
    assert picker.chosen_category("") is None
