"""Every residents' page answers in English and in Chinese, and says what a person needs."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from cityloop.participation import comments, proposals
from cityloop.participation.models import Document, Process
from tests.web.participation.helpers import propose, signed_in


@pytest.fixture
def pages(proposals_process, survey, budget, make_resident):
    author = make_resident("author@example.org")
    proposal = propose(proposals_process, author)
    comments.write(proposal, make_resident(), "I agree, the path is long.")
    return {"index": reverse("participate:index"),
            "process": reverse("participate:process", args=[proposals_process.slug]),
            "survey process": reverse("participate:process", args=[survey.process.slug]),
            "budget process": reverse("participate:process", args=[budget.process.slug]),
            "proposal": reverse("participate:proposal", args=[proposal.pk]),
            "verify": reverse("participate:verify"),
            "propose": reverse("participate:proposal_new", args=[proposals_process.slug]),
            "me": reverse("participate:me")}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_shows_every_page_in_both_languages(pages, make_resident, language):
    client = signed_in(make_resident(), HTTP_ACCEPT_LANGUAGE=language)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, name
        if language == "zh-hans":
            # The page's own words are translated after merging (cityloop/locale), so
            # here: the frame is in Chinese, and the city's data in its Chinese text.
            assert "Report a problem" not in html, name
            if name in ("index", "process", "proposal", "propose"):
                assert "参与流程" in html, name


def test_it_lists_published_processes_newest_first_with_their_phase(
        proposals_process, survey, budget):
    Process.objects.create(slug="draft", kind="proposals", title="Not yet", published=False)
    response = Client().get(reverse("participate:index"))
    html = response.content.decode()
    assert "Not yet" not in html
    order = [html.index(f'data-testid="process-{p.slug}"')
             for p in (budget.process, survey.process, proposals_process)]
    assert order == sorted(order)
    assert "Proposals, until" in html and "Vote, until" in html


def test_it_shows_titles_in_the_active_language(proposals_process):
    html = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(reverse("participate:index")).content
    assert "参与流程" in html.decode()


def test_the_process_page_shows_phases_documents_and_the_write_button(proposals_process, city):
    Document.objects.create(process=proposals_process, title="Plan of the river path",
                            link="https://example.org/plan.pdf")
    response = Client().get(reverse("participate:process", args=[proposals_process.slug]))
    html = response.content.decode()
    assert 'aria-current="step"' in html
    assert "Plan of the river path" in html and "https://example.org/plan.pdf" in html
    assert "Roads" in html  # the responsible department
    assert 'data-testid="write-proposal"' in html


def test_survey_and_budget_processes_link_to_their_pages(survey, budget):
    html = Client().get(reverse("participate:process", args=[survey.process.slug])).content
    assert "Our streets" in html.decode()
    html = Client().get(reverse("participate:process", args=[budget.process.slug])).content
    assert "East District budget" in html.decode()


def test_filters_and_sort_of_the_proposals(proposals_process, make_resident, pothole):
    propose(proposals_process, make_resident(), "Quiet idea", category=pothole)
    loud = propose(proposals_process, make_resident(), "Loud idea", lat=29.58, lon=106.57)
    for _ in range(2):
        proposals.support(loud, make_resident())
    url = reverse("participate:process", args=[proposals_process.slug])
    html = Client().get(url).content.decode()
    assert html.index("Loud idea") < html.index("Quiet idea")
    html = Client().get(url, {"sort": "new"}).content.decode()
    assert html.index("Quiet idea") > html.index("Loud idea")  # loud was written later
    html = Client().get(url, {"category": "pothole"}).content.decode()
    assert "Quiet idea" in html and "Loud idea" not in html
    html = Client().get(url, {"area": "east"}).content.decode()
    assert "Loud idea" in html and "Quiet idea" not in html
    html = Client().get(url, {"status": "accepted"}).content.decode()
    assert 'data-testid="no-proposals"' in html
    assert Client().get(url, {"sort": "<x>", "page": "zz", "status": "x"}).status_code == 200


def test_unknown_and_unpublished_processes_are_not_found(db):
    Process.objects.create(slug="draft", kind="proposals", title="Not yet", published=False)
    assert Client().get("/participate/draft/").status_code == 404
    assert Client().get("/participate/nothing/").status_code == 404


def test_the_main_nav_links_to_take_part(db):
    html = Client().get("/").content.decode()
    assert f'href="{reverse("participate:index")}"' in html


def test_a_documents_file_is_downloaded(proposals_process, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document(process=proposals_process, title="Budget notes")
    document.file.save("notes.pdf", ContentFile(b"%PDF-1.4 notes"), save=True)
    html = Client().get(reverse("participate:process", args=[proposals_process.slug]))
    url = reverse("participate:document", args=[document.pk])
    assert f'href="{url}"' in html.content.decode()
    response = Client().get(url)
    assert response.status_code == 200 and response.getvalue() == b"%PDF-1.4 notes"
    assert response["Content-Disposition"].startswith("attachment")
