from xml.etree import ElementTree as ET

from django.test import Client

from tests.warnings.helpers import draft, published

ATOM = "{http://www.w3.org/2005/Atom}"


def test_each_entry_links_its_cap_document(city):
    first = published(city.areas["west"])
    second = published(city.areas["east"], headline="Heat warning")
    draft(city.areas["west"], headline="Not yet published")
    response = Client().get("/warnings/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314  (our own output)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Heat warning",
                                                            first.headline]
    for entry, warning in zip(entries, (second, first), strict=True):
        caps = [link for link in entry.findall(f"{ATOM}link")
                if link.get("type") == "application/cap+xml"]
        assert len(caps) == 1 and caps[0].get("rel") == "alternate"
        assert caps[0].get("href") == f"http://127.0.0.1:8000/warnings/{warning.identifier}.cap"


def test_it_answers_only_get(city):
    response = Client().post("/warnings/feed.atom")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
