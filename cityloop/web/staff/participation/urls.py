"""``/staff/participation/``: the answer queue, a proposal's evaluation, moderation and
budgets (namespace ``staff:participation``)."""

from django.urls import path

from cityloop.web.staff.participation import budgets, consult, moderation, proposal, queue

app_name = "participation"

urlpatterns = [
    path("", queue.answer_queue, name="queue"),
    path("proposals/<int:pk>/", proposal.proposal_page, name="proposal"),
    path("proposals/<int:pk>/answer/", proposal.answer, name="answer"),
    path("proposals/<int:pk>/implemented/", proposal.implemented, name="implemented"),
    path("proposals/<int:pk>/merge/", proposal.merge, name="merge"),
    path("proposals/<int:pk>/hide/", proposal.hide, name="hide"),
    path("proposals/<int:pk>/show/", proposal.show, name="show"),
    path("moderation/", moderation.moderation_queue, name="moderation"),
    path("comments/<int:pk>/hide/", moderation.hide_comment, name="hide_comment"),
    path("comments/<int:pk>/show/", moderation.show_comment, name="show_comment"),
    path("cases/<str:reference>/consult/", consult.ask_residents, name="consult"),
    path("budgets/", budgets.budget_list, name="budgets"),
    path("budgets/<int:pk>/", budgets.budget_page, name="budget"),
    path("budgets/<int:pk>/publish/", budgets.publish, name="publish"),
    path("budgets/<int:pk>/projects/<int:project_pk>/start/", budgets.start_project,
         name="start_project"),
]
