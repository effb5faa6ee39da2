"""Writing, supporting and commenting proposals through the pages, and every way they refuse."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cityloop.participation import comments, proposals
from cityloop.participation.models import PhaseKind, Proposal, ProposalStatus
from tests.participation.fixtures import open_process
from tests.web.participation.helpers import BODY, propose, signed_in

MARKUP = '<script>alert("x")</script><b>bold</b>'


def new_url(process) -> str:
    return reverse("participate:proposal_new", args=[process.slug])


def jpeg() -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(data, "JPEG")
    return SimpleUploadedFile("river.jpg", data.getvalue(), content_type="image/jpeg")


def test_a_resident_writes_a_proposal_with_a_point_a_category_and_a_photo(
        proposals_process, make_resident, pothole, city):
    client = signed_in(make_resident("writer@example.org"))
    response = client.post(new_url(proposals_process), {
        "title": "Benches by the river", "body": "Line one of the idea.\nLine two, and why.",
        "category": "pothole", "lat": "29.58", "lon": "106.57", "photo": jpeg()})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("participate:proposal", args=[proposal.pk])
    assert (proposal.category, proposal.area) == (pothole, city.areas["east_n"])
    html = Client().get(response["Location"]).content.decode()
    assert "Line one of the idea.<br>Line two, and why." in html
    assert "a resident" in html and "writer@example.org" not in html
    assert 'id="proposal-point"' in html and "29.58" in html
    photo = Client().get(reverse("participate:proposal_photo", args=[proposal.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_an_image_is_refused_and_the_text_is_kept(
        proposals_process, make_resident):
    client = signed_in(make_resident())
    fake = SimpleUploadedFile("river.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post(new_url(proposals_process), {
        "title": "Benches by the river", "body": BODY, "lat": "29.58", "lon": "106.57",
        "photo": fake})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="photo-error"' in html and "river.jpg" in html
    assert "Benches by the river" in html and BODY in html and 'value="29.58"' in html
    assert not Proposal.objects.exists()


def test_a_refusal_is_shown_next_to_its_field(proposals_process, make_resident):
    client = signed_in(make_resident())
    response = client.post(new_url(proposals_process), {"title": "", "body": BODY})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="title-error"' in html and "Give your proposal a title" in html
    response = client.post(new_url(proposals_process), {"title": "A", "body": BODY,
                                                         "lat": "10", "lon": "10"})
    assert 'data-testid="location-error"' in response.content.decode()


def test_markup_in_every_field_shows_as_text(proposals_process, make_resident):
    client = signed_in(make_resident())
    response = client.post(new_url(proposals_process), {"title": MARKUP,
                                                         "body": MARKUP + " " + BODY})
    url = response["Location"]
    client.post(url + "comment/", {"body": MARKUP})
    html = Client().get(url).content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    # Kept in a refused form, still as text.
    refused = client.post(new_url(proposals_process), {"title": MARKUP, "body": "<i>short</i>"})
    html = refused.content.decode()
    assert refused.status_code == 400 and "<script>alert" not in html
    assert "&lt;i&gt;short&lt;/i&gt;" in html


def test_ten_megabytes_of_text_get_a_clear_refusal(proposals_process, make_resident):
    client = signed_in(make_resident())
    response = client.post(new_url(proposals_process), {"title": "Long",
                                                         "body": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep the proposal under 5000 characters" in html
    assert 'data-testid="body-cut"' in html and len(html) < 200_000
    assert not Proposal.objects.exists()


def test_a_form_too_large_to_read_gets_a_page_that_says_so(proposals_process, make_resident):
    client = signed_in(make_resident(), enforce_csrf_checks=True)
    client.get(new_url(proposals_process))
    token = client.cookies["csrftoken"].value
    response = client.post(new_url(proposals_process), {
        "csrfmiddlewaretoken": token, "title": "Long", "body": "x" * (13 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large to be read" in response.content.decode()
    # The CSRF check still holds for everything else.
    assert client.post(new_url(proposals_process), {"title": "A", "body": BODY}).status_code \
        == 403


def test_proposals_are_rate_limited_per_client_address(proposals_process, make_resident,
                                                       monkeypatch):
    monkeypatch.setattr("cityloop.web.participation.propose.PROPOSALS_PER_HOUR", 1)
    client = signed_in(make_resident())
    assert client.post(new_url(proposals_process), {"title": "One", "body": BODY}) \
        .status_code == 302
    other = signed_in(make_resident())
    response = other.post(new_url(proposals_process), {"title": "Two", "body": BODY})
    assert response.status_code == 429 and Proposal.objects.count() == 1


def test_writing_outside_the_proposals_phase_is_refused_with_the_reason(city, make_resident):
    process = open_process("proposals", PhaseKind.SUPPORT)
    client = signed_in(make_resident())
    response = client.get(new_url(process))
    assert response.status_code == 403
    assert "“Support” phase" in response.content.decode()
    response = client.post(new_url(process), {"title": "Late", "body": BODY})
    assert response.status_code == 403 and not Proposal.objects.exists()
    page = Client().get(reverse("participate:process", args=[process.slug])).content.decode()
    assert 'data-testid="write-proposal"' not in page


def test_a_second_support_is_refused_and_counted_once(proposals_process, make_resident):
    proposal = propose(proposals_process, make_resident())
    client = signed_in(make_resident())
    url = reverse("participate:support", args=[proposal.pk])
    assert client.post(url).status_code == 302
    response = client.post(url)
    assert response.status_code == 409
    assert "You already support this proposal." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.supports == 1


def test_supporting_in_the_wrong_phase_shows_the_message(city, make_resident):
    process = open_process("proposals", PhaseKind.PROPOSALS)
    proposal = propose(process, make_resident())
    process.phases.filter(kind=PhaseKind.PROPOSALS).update(kind=PhaseKind.EVALUATION)
    response = signed_in(make_resident()).post(reverse("participate:support",
                                                       args=[proposal.pk]))
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="support-error"' in html and "“Evaluation” phase" in html
    # The page itself offers no button that cannot work.
    html = Client().get(reverse("participate:proposal", args=[proposal.pk])).content.decode()
    assert 'data-testid="support-button"' not in html and 'data-testid="support-closed"' in html


def test_supporting_without_verifying_goes_to_verify(proposals_process, make_resident):
    proposal = propose(proposals_process, make_resident())
    response = Client().post(reverse("participate:support", args=[proposal.pk]))
    assert response.status_code == 302 and response["Location"].startswith(
        "/participate/verify/?next=%2Fparticipate%2Fproposals%2F")


def test_the_answer_clock_and_the_public_answer(proposals_process, make_resident,
                                                roads_officer, pothole):
    proposal = propose(proposals_process, make_resident())
    for _ in range(3):
        proposals.support(proposal, make_resident())
    url = reverse("participate:proposal", args=[proposal.pk])
    assert "Answer due in 1" in Client().get(url).content.decode()  # 10 days, less a moment
    Proposal.objects.filter(pk=proposal.pk).update(
        answer_due_at=timezone.now() - timedelta(days=2))
    html = Client().get(url).content.decode()
    assert "Answer overdue since" in html and "answer-clock--overdue" in html
    proposals.answer(proposal, roads_officer, proposals.Decision(
        status=ProposalStatus.ACCEPTED, text="We will do it this spring.", category=pothole,
        lat=29.58, lon=106.57))
    proposal.refresh_from_db()
    assert proposal.case is not None
    html = Client().get(url).content.decode()
    assert "We will do it this spring." in html and 'data-testid="answer-clock"' not in html
    assert f'href="/cases/{proposal.case.reference}/"' in html


def test_a_merged_proposal_links_to_the_one_it_joined(proposals_process, make_resident,
                                                      roads_officer):
    first, second = propose(proposals_process, make_resident(), "First"), \
        propose(proposals_process, make_resident(), "Second")
    proposals.merge(second, first, roads_officer)
    html = Client().get(reverse("participate:proposal", args=[second.pk])).content.decode()
    assert f'href="{reverse("participate:proposal", args=[first.pk])}"' in html


def test_hidden_proposals_are_not_shown(proposals_process, make_resident, roads_officer):
    proposal = propose(proposals_process, make_resident(), "Rude words")
    proposals.hide(proposal, roads_officer, "Insults")
    assert Client().get(reverse("participate:proposal", args=[proposal.pk])).status_code == 404
    page = Client().get(reverse("participate:process", args=[proposals_process.slug]))
    assert "Rude words" not in page.content.decode()


def test_comments_reports_and_hidden_comments(proposals_process, make_resident, roads_officer):
    proposal = propose(proposals_process, make_resident())
    client = signed_in(make_resident())
    url = reverse("participate:proposal", args=[proposal.pk])
    response = client.post(url + "comment/", {"body": "Good idea,\nand cheap."})
    assert response.status_code == 302
    comment = proposal.comments.get()
    response = client.post(url + "comment/", {"body": "   "})
    assert response.status_code == 400 and "Write your comment first." in response.content.decode()
    report = reverse("participate:report_comment", args=[comment.pk])
    reporter = signed_in(make_resident())
    html = reporter.post(report, {"reason": "spam"}, follow=True).content.decode()
    assert "A moderator will look at this comment." in html
    html = reporter.post(report, {"reason": "spam"}, follow=True).content.decode()
    assert "You have reported this comment already" in html
    comment.refresh_from_db()
    assert comment.reports == 1
    comments.hide(comment, roads_officer, "Off topic")
    html = Client().get(url).content.decode()
    assert "Hidden by moderation: Off topic" in html and "and cheap." not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_authors_address_is_never_in_a_page(proposals_process, make_resident, language):
    author = make_resident("secret.author@example.org")
    proposal = propose(proposals_process, author)
    comments.write(proposal, author, "My own comment.")
    client = signed_in(make_resident(), HTTP_ACCEPT_LANGUAGE=language)
    for url in [reverse("participate:index"),
                reverse("participate:process", args=[proposals_process.slug]),
                reverse("participate:proposal", args=[proposal.pk])]:
        html = client.get(url).content.decode()
        assert "secret.author" not in html and "example.org" not in html, url


def test_ten_megabytes_of_comment_get_a_clear_refusal(proposals_process, make_resident):
    proposal = propose(proposals_process, make_resident())
    client = signed_in(make_resident())
    response = client.post(reverse("participate:comment", args=[proposal.pk]),
                           {"body": "y" * (10 * 1024 * 1024)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep a comment under 2000 characters." in html and len(html) < 100_000
    assert not proposal.comments.exists()
