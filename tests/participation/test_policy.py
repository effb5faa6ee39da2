"""Who answers, moderates and decides for a participation process
(``cityloop.participation.policy``), per persona and department tree."""

from __future__ import annotations

import pytest

from cityloop.participation import policy
from cityloop.participation.models import PhaseKind, ProcessKind
from tests.conftest import _staff
from tests.participation.fixtures import open_process


@pytest.fixture
def processes(city):
    return {
        "roads": open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS, slug="roads",
                              department=city.departments["roads"]),
        "roads_east": open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS, slug="east",
                                   department=city.departments["roads_east"]),
        "water": open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS, slug="water",
                              department=city.departments["water"]),
        "nobody": open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS, slug="nobody"),
    }


@pytest.mark.parametrize(("persona", "answers", "decides"), [
    ("city_admin", {"roads", "roads_east", "water", "nobody"},
     {"roads", "roads_east", "water", "nobody"}),
    ("operator", {"roads", "roads_east", "water", "nobody"}, set()),
    # A member of the bureau answers for the bureau and the units below it.
    ("roads_officer", {"roads", "roads_east"}, set()),
    ("roads_supervisor", {"roads", "roads_east"}, {"roads", "roads_east"}),
    ("water_officer", {"water"}, set()),
])
def test_who_answers_and_decides(request, processes, persona, answers, decides):
    user = request.getfixturevalue(persona)
    assert {k for k, p in processes.items() if policy.may_answer(user, p)} == answers
    assert {k for k, p in processes.items() if policy.may_moderate(user, p)} == answers
    assert {k for k, p in processes.items() if policy.may_decide(user, p)} == decides
    assert set(policy.answerable_processes(user).values_list("slug", flat=True)) == {
        processes[k].slug for k in answers}
    assert set(policy.decidable_processes(user).values_list("slug", flat=True)) == {
        processes[k].slug for k in decides}
    assert policy.may_use(user)


def test_an_officer_of_a_unit_does_not_answer_for_the_bureau_above(processes, city):
    east = _staff("fay_east", "officer", [city.departments["roads_east"]])
    assert not policy.may_answer(east, processes["roads"])
    assert policy.may_answer(east, processes["roads_east"])
    supervisor = _staff("gus_east", "supervisor", [city.departments["roads_east"]],
                        supervise=True)
    assert not policy.may_decide(supervisor, processes["roads"])
    assert policy.may_decide(supervisor, processes["roads_east"])


def test_people_who_are_not_active_staff_may_do_nothing(processes, django_user_model,
                                                        roads_officer):
    resident = django_user_model.objects.create_user("someone", password="x")
    roads_officer.is_active = False
    for user in (resident, roads_officer):
        assert not policy.may_use(user)
        assert not policy.may_answer(user, processes["roads"])
        assert not policy.may_decide(user, processes["roads"])
        assert not policy.answerable_processes(user).exists()
