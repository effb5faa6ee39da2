import random
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection

from cityloop.participation import budgets
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    Ballot,
    BallotChoice,
    BallotRule,
    Event,
    EventKind,
    Phase,
    PhaseKind,
    ProjectStatus,
    Voter,
)
from tests.participation.fixtures import end_vote


def ids(budget, *titles):
    return [p.pk for p in budget.projects.filter(title__in=titles)]


def test_a_ballot_within_the_budget_is_counted_once(budget, make_resident):
    resident = make_resident()
    ballot = budgets.cast(budget, resident, ids(budget, "Playground", "Benches", "Bike racks"))
    assert ballot.choices.count() == 3
    with pytest.raises(Refused) as refused:
        budgets.cast(budget, resident, ids(budget, "Trees"))
    assert refused.value.code == "already_voted"
    assert Ballot.objects.count() == Voter.objects.count() == 1
    assert BallotChoice.objects.count() == 3


@pytest.mark.parametrize("titles, code", [
    (("Playground", "Benches", "Trees"), "over_budget"),
    ((), "empty_ballot"),
])
def test_bad_ballots_are_refused_and_nothing_is_written(budget, make_resident, titles, code):
    with pytest.raises(Refused) as refused:
        budgets.cast(budget, make_resident(), ids(budget, *titles))
    assert refused.value.code == code
    assert not Ballot.objects.exists() and not Voter.objects.exists()


def test_over_budget_says_by_how_much(budget, make_resident):
    with pytest.raises(Refused) as refused:
        budgets.cast(budget, make_resident(), ids(budget, "Playground", "Benches", "Trees"))
    assert "110,000" in str(refused.value.message) and "100,000" in str(refused.value.message)


def test_projects_of_another_budget_or_nonsense_are_refused(budget, make_resident):
    for choice in (["x"], [999999]):
        with pytest.raises(Refused) as refused:
            budgets.cast(budget, make_resident(), choice)
        assert refused.value.code == "bad_project"


def test_k_of_n(budget, make_resident):
    budget.rule, budget.max_choices = BallotRule.K_OF_N, 2
    budget.save()
    with pytest.raises(Refused) as refused:
        budgets.cast(budget, make_resident(), ids(budget, "Playground", "Benches", "Trees"))
    assert refused.value.code == "too_many_projects"
    budgets.cast(budget, make_resident(), ids(budget, "Playground", "Benches"))


def test_only_while_the_vote_runs(budget, make_resident):
    Phase.objects.filter(process=budget.process, kind=PhaseKind.VOTE).update(
        kind=PhaseKind.EVALUATION)
    with pytest.raises(Refused) as refused:
        budgets.cast(budget, make_resident(), ids(budget, "Trees"))
    assert refused.value.code == "wrong_phase"


def test_residents_of_the_district_only(budget, make_resident, city):
    process = budget.process
    process.residence_required = True
    process.save()
    with pytest.raises(Refused) as refused:
        budgets.cast(budget, make_resident(area=city.areas["west_s"]), ids(budget, "Trees"))
    assert refused.value.code == "not_resident"
    budgets.cast(budget, make_resident(area=city.areas["east_s"]), ids(budget, "Trees"))


def test_the_tally_selects_by_votes_within_the_budget_and_equals_a_recount(budget,
                                                                         make_resident):
    rng = random.Random(7)
    projects = list(budget.projects.all())
    for _ in range(60):
        chosen, left = [], budget.amount
        for project in rng.sample(projects, len(projects)):
            if project.cost <= left and rng.random() < 0.6:
                chosen.append(project.pk)
                left -= project.cost
        if chosen:
            budgets.cast(budget, make_resident(), chosen)
    result = budgets.tally(budget)
    recount = Counter(pk for ballot in Ballot.objects.filter(budget=budget)
                      for pk in ballot.projects.values_list("pk", flat=True))
    assert {r.project.pk: r.votes for r in result.projects} == {
        p.pk: recount.get(p.pk, 0) for p in projects}
    assert result.ballots == result.voters == Ballot.objects.count()
    assert result.total <= budget.amount
    # Greedy by votes: every project left out either had no votes or did not fit
    # in what the better-voted selected projects had left.
    left = budget.amount
    for row in result.projects:
        if row.selected:
            left -= row.project.cost
        else:
            assert row.votes == 0 or row.project.cost > left
    votes = [r.votes for r in result.projects]
    assert votes == sorted(votes, reverse=True)


def test_a_project_that_does_not_fit_is_skipped_for_the_next(budget, make_resident):
    playground, benches, trees, racks = (ids(budget, t)[0] for t in
                                         ("Playground", "Benches", "Trees", "Bike racks"))
    ballots = ([[playground, benches]] * 5 + [[benches, trees]] * 4 + [[racks]] * 3
               + [[playground, trees]] * 2)
    for choice in ballots:
        budgets.cast(budget, make_resident(), choice)
    result = {r.project.pk: r for r in budgets.tally(budget).projects}
    # votes: benches 9, playground 7, trees 6, racks 3: 30k + 60k = 90k; trees (20k) does
    # not fit in the 10k left; racks (10k) does.
    assert [pk for pk, r in result.items() if r.selected] == [benches, playground, racks]


def test_publishing_results_marks_projects_and_is_audited(budget, make_resident,
                                                          roads_officer):
    budgets.cast(budget, make_resident(), ids(budget, "Trees"))
    with pytest.raises(Refused) as refused:
        budgets.publish_results(budget, roads_officer)
    assert refused.value.code == "vote_running"
    end_vote(budget)
    budgets.publish_results(budget, roads_officer)
    statuses = dict(budget.projects.values_list("title", "status"))
    assert statuses["Trees"] == ProjectStatus.SELECTED
    assert statuses["Playground"] == ProjectStatus.NOT_SELECTED
    event = Event.objects.get(kind=EventKind.RESULTS)
    assert event.data["ballots"] == 1


def test_no_column_joins_a_ballot_to_a_voter(budget, make_resident):
    """The secret of the ballot, by construction: the ballot tables name no resident and
    keep no time, and their keys are random, so neither order nor time pairs them with
    the roll."""
    for title in ("Trees", "Benches", "Bike racks"):
        budgets.cast(budget, make_resident(), ids(budget, title))
    for model in (Ballot, BallotChoice):
        names = {str(f.column) for f in model._meta.concrete_fields}
        assert not any("resident" in n or "voter" in n for n in names)
    assert {f.get_internal_type() for f in Ballot._meta.concrete_fields
            if f.name == "cast_on"} == {"DateField"}
    assert Ballot._meta.pk is not None and Ballot._meta.pk.get_internal_type() == "UUIDField"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM participation_ballot")
        columns = [c[0] for c in cursor.description]
    assert sorted(columns) == ["budget_id", "cast_on", "id"]
    assert Decimal(0) < budgets.tally(budget).total


def test_the_roll_and_the_box_agree_day_by_day(budget, make_resident):
    for title in ("Trees", "Benches"):
        budgets.cast(budget, make_resident(), ids(budget, title))
    days = budgets.audit_by_day(budget)
    assert len(days) == 1 and days[0].voters == days[0].ballots == 2


def test_results_wait_for_a_vote_to_have_ended(budget, roads_officer):
    Phase.objects.filter(process=budget.process, kind=PhaseKind.VOTE).update(
        kind=PhaseKind.INFORMATION)
    with pytest.raises(Refused) as refused:
        budgets.publish_results(budget, roads_officer)
    assert refused.value.code == "no_vote_yet"
    assert set(budget.projects.values_list("status", flat=True)) == {ProjectStatus.CANDIDATE}
