from django.urls import path

from cityloop.web.public import case_views, feeds

urlpatterns = [
    path("", case_views.lookup, name="public_case_lookup"),
    path("feed.atom", feeds.new_reports, name="cases_feed"),
    path("<str:reference>/feed.atom", feeds.report, name="public_case_feed"),
    path("<str:reference>/", case_views.detail, name="public_case"),
]
