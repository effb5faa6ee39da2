"""A week's hot topic in the admin reads as words and links, not JSON."""

from __future__ import annotations

from django.utils import timezone

from cityloop.triage.topics.models import Topic


def test_it_shows_terms_categories_and_linked_examples(city, city_admin, client_for,
                                                      make_case):
    case = make_case()
    topic = Topic.objects.create(
        week="2030-W05", rank=1, label_en="Potholes", label_zh="坑洼", size=3,
        terms=[{"term": "pothole", "language": "en", "weight": 0.4},
               {"term": "坑洼", "language": "zh", "weight": 0.3}],
        categories=[["pothole", 3]], examples=[case.reference], computed_at=timezone.now())
    html = client_for(city_admin).get(f"/admin/triage/topic/{topic.pk}/change/").content.decode()
    assert "pothole, 坑洼" in html
    assert "Pothole (3)" in html
    assert f'<a href="/staff/cases/{case.reference}/">{case.reference}</a>' in html
    assert "&quot;weight&quot;" not in html
