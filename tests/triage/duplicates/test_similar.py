"""The ``similar`` duplicate finder: open cases of the same kind, near and recent, ranked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.cases import suggest
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory
from cityloop.registry import duplicate_finders
from cityloop.triage.duplicates import similar as duplicates
from cityloop.web.citizen import nearby
from tests import citydata
from tests.cases.helpers import act, put_in

LAT, LON = citydata.INSIDE_EAST_S
TEXT = "Deep pothole in the bus lane outside the bakery"
METRE = 1 / 111_320  # a metre in degrees of latitude


def at(metres: float) -> float:
    return LAT + metres * METRE


def pothole() -> ServiceCategory:
    category = snapshot.category("pothole")
    assert category is not None
    return category


def test_it_ranks_closer_and_more_similar_cases_first(make_case):
    far_same = make_case(lat=at(120), description=TEXT)
    near_other = make_case(lat=at(20), description="Road surface cracked, asphalt crumbling")
    near_same = make_case(lat=at(20), description=TEXT + "!")
    found = duplicates.find([pothole()], LAT, LON, timezone.now(), text=TEXT)
    assert [c.case for c in found] == [near_same, near_other, far_same]
    assert found[0].similarity is not None and found[1].similarity is not None
    assert found[0].similarity > 0.9 > found[1].similarity
    assert found[0].score > found[1].score > found[2].score
    assert round(found[0].distance_m) == 20
    assert found[0].likely


def test_it_ranks_by_place_and_age_when_the_report_has_no_text(make_case):
    now = timezone.now()
    older = make_case(lat=at(30), now=now - timedelta(days=5))
    newer = make_case(lat=at(30), now=now - timedelta(hours=1))
    nearest = make_case(lat=at(5), now=now - timedelta(days=6))
    found = duplicates.find([pothole()], LAT, LON, now)
    assert [c.case for c in found] == [nearest, newer, older]
    assert all(c.similarity is None for c in found)


def test_it_leaves_out_other_categories_and_closed_cases(make_case, roads_officer):
    make_case(service_code="graffiti", description=TEXT)
    for status in ("resolved", "rejected"):
        put_in(make_case(description=TEXT), status, roads_officer, make_case)
    open_one = put_in(make_case(description=TEXT), "in_progress", roads_officer, make_case)
    act(make_case(description=TEXT), "mark_duplicate", roads_officer, original=open_one)
    found = duplicates.find([pothole()], LAT, LON, timezone.now(), text=TEXT)
    assert [c.case for c in found] == [open_one]


def test_it_takes_radius_and_window_from_the_category(make_case):
    close_old = make_case(lat=at(10), now=timezone.now() - timedelta(hours=30))
    far_new = make_case(lat=at(250))
    now = timezone.now()
    category = pothole()
    assert [c.case for c in duplicates.find([category], LAT, LON, now)] == [close_old]
    ServiceCategory.objects.filter(pk=category.pk).update(duplicate_radius_m=300,
                                                          duplicate_window_hours=24)
    snapshot.touch()
    assert [c.case for c in duplicates.find([pothole()], LAT, LON, now)] == [far_new]


def test_it_looks_in_the_predicted_category_too(make_case):
    drain = make_case(service_code="blocked_drain", description="drain blocked with leaves")
    hole = make_case(lat=at(40))
    blocked_drain = snapshot.category("blocked_drain")
    assert blocked_drain is not None
    categories = [pothole(), blocked_drain]
    found = duplicates.find(categories, LAT, LON, timezone.now(), text="blocked drain leaves")
    assert [c.case for c in found] == [drain, hole]


def test_it_leaves_out_the_case_itself_and_keeps_to_the_limit(make_case):
    cases = [make_case(lat=at(i * 10)) for i in range(7)]
    found = duplicates.find([pothole()], LAT, LON, timezone.now(), exclude=[cases[0].pk])
    assert len(found) == duplicates.LIMIT
    assert cases[0] not in [c.case for c in found]


def test_it_is_registered_and_scores_the_cases_it_returns(make_case, settings):
    near = make_case(lat=at(10))
    assert "similar" in duplicate_finders
    settings.DUPLICATE_FINDER = "similar"
    found = suggest.possible_duplicates(pothole(), LAT, LON, timezone.now())
    assert found == [near]
    # The finder sets these on each case it returns; they are no model fields.
    assert 0 < vars(found[0])["duplicate_score"] <= 1
    assert vars(found[0])["duplicate_likely"] is True
    direct = duplicates.similar_open_cases(pothole(), LAT, LON, timezone.now(), text=TEXT)
    assert direct == [near]


def test_the_me_too_list_works_with_it(make_case, settings):
    settings.DUPLICATE_FINDER = "similar"
    near = make_case(lat=at(20))
    far = make_case(lat=at(110))
    listed = nearby.possible_duplicates(pothole(), LAT, LON, timezone.now())
    assert [c.reference for c in listed] == [near.reference, far.reference]


def test_a_merge_of_a_suggestion_closes_it_for_later_reports(make_case, roads_officer):
    original = make_case(lat=at(5), description=TEXT)
    repeat = make_case(lat=at(8), description=TEXT)
    found = duplicates.find([pothole()], LAT, LON, timezone.now(), text=TEXT)
    assert {c.case for c in found} == {original, repeat}
    act(repeat, "mark_duplicate", roads_officer, original=original)
    found = duplicates.find([pothole()], LAT, LON, timezone.now(), text=TEXT)
    assert [c.case for c in found] == [original]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("pothole on Main Street", "pothole on Main Street", 1.0),
    ("路面有个大坑", "路面有个大坑", 1.0),
    ("pothole on Main Street", "路面有个大坑", 0.0),
    ("", "pothole", 0.0),
])
def test_text_similarity_works_in_any_script(a, b, expected):
    assert duplicates.similarity(duplicates.text_grams(a),
                                 duplicates.text_grams(b)) == pytest.approx(expected)


def test_similar_texts_score_between_the_same_and_the_unrelated():
    base = duplicates.text_grams("马路中间有个大坑，电动车差点摔倒")
    close = duplicates.text_grams("马路中间一个大坑 电动车摔倒了")
    other = duplicates.text_grams("小区门口垃圾好几天没人收")
    assert 0.3 < duplicates.similarity(base, close) < 1.0
    assert duplicates.similarity(base, other) < 0.1


def test_the_score_follows_the_documented_weights():
    assert duplicates.score(0, 0, 336, 1.0) == pytest.approx(1.0)
    assert duplicates.score(1e6, 336, 336, 0.0) == pytest.approx(0.0, abs=1e-6)
    # Half closeness at 50 m, whatever the category's radius.
    assert duplicates.score(50, 0, 336, 0.0) == pytest.approx(0.65 * 0.5 + 0.10)
    assert duplicates.score(50, 168, 336, 0.5) == pytest.approx(0.65 * 0.5 + 0.25 * 0.5 + 0.05)
    # Without text the other two weights are scaled up to sum to 1.
    assert duplicates.score(50, 0, 336, None) == pytest.approx((0.65 * 0.5 + 0.10) / 0.75)


def test_the_text_reaches_the_finder_from_every_page(make_case, settings, client,
                                                     roads_supervisor):
    """docs/extending.md: finders are given the new report's text; the pages pass it."""
    settings.DUPLICATE_FINDER = "similar"
    other = make_case(lat=at(10), description="Road surface cracked, asphalt crumbling")
    same = make_case(lat=at(25), description=TEXT)
    # Without the text the nearer case comes first; with it, the one saying the same.
    assert [c.reference for c in nearby.possible_duplicates(
        pothole(), LAT, LON, timezone.now())] == [other.reference, same.reference]
    found = nearby.possible_duplicates(pothole(), LAT, LON, timezone.now(), TEXT)
    assert [c.reference for c in found] == [same.reference, other.reference]
    # The report form's "is it one of these?" posts the description typed so far.
    response = client.post("/report/nearby", {"service_code": "pothole", "lat": LAT,
                                              "lon": LON, "description": TEXT})
    html = response.json()["html"]
    assert html.index(same.reference) < html.index(other.reference)
    # The staff case page compares the case's own text, and never lists the case itself.
    repeat = make_case(lat=LAT, description=TEXT + " again")
    listed = suggest.possible_duplicates(pothole(), LAT, LON, timezone.now(),
                                         text=repeat.description, exclude=[repeat.pk])
    assert listed[0] == same and repeat not in listed
    client.force_login(roads_supervisor)
    html = client.get(f"/staff/cases/{repeat.reference}/").content.decode()
    assert html.index(f"Merge this case into {same.reference}") < html.index(
        f"Merge this case into {other.reference}")


def test_every_finder_takes_the_documented_arguments(make_case, settings):
    near = make_case(lat=at(10))
    for name in ("none", "nearby", "similar"):
        settings.DUPLICATE_FINDER = name
        found = suggest.possible_duplicates(pothole(), LAT, LON, timezone.now(),
                                            text=TEXT, exclude=[near.pk])
        assert near not in found, name
