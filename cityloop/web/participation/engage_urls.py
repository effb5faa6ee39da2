"""``/participate/``: processes, verifying a resident, proposals (``decide_urls`` has surveys
and budgets). The fixed words come before ``<slug>/``, so a process cannot hide them."""

from django.urls import path

from cityloop.web.participation import processes, proposals, propose, verify

urlpatterns = [
    path("", processes.index_page, name="index"),
    path("verify/", verify.verify, name="verify"),
    path("me/", verify.me, name="me"),
    path("me/forget/", verify.forget, name="forget"),
    path("documents/<int:pk>/", processes.document, name="document"),
    path("proposals/<int:pk>/", proposals.detail, name="proposal"),
    path("proposals/<int:pk>/photo.jpg", proposals.photo, name="proposal_photo"),
    path("proposals/<int:pk>/support/", proposals.support, name="support"),
    path("proposals/<int:pk>/comment/", proposals.comment, name="comment"),
    path("comments/<int:pk>/report/", proposals.report_comment, name="report_comment"),
    path("<slug:slug>/", processes.process_page, name="process"),
    path("<slug:slug>/propose/", propose.propose, name="proposal_new"),
]
