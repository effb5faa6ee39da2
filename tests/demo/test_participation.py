"""The demo city's participation as ``cityloop demo`` writes it: enough of everything,
in both languages, with the participation app's invariants holding on every row."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from shapely.geometry import Point, shape

from tests.demo.conftest import DemoRun

DATA = Path(__file__).resolve().parents[2] / "cityloop" / "demo" / "data"


def scalar(db: sqlite3.Connection, sql: str, *params: object) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_the_demo_says_what_it_made(demo: DemoRun) -> None:
    assert "participation: 1,400 verified residents" in demo.result.stdout


def test_a_district_budget_voted_within_budget_and_counted(demo_db: sqlite3.Connection) -> None:
    budget_id, amount, published, level, rule = demo_db.execute(
        "SELECT b.id, b.amount, b.results_published_at, a.level, b.rule "
        "FROM participation_budget b JOIN participation_process p ON p.id = b.process_id "
        "JOIN geo_area a ON a.id = p.area_id").fetchone()
    assert level == "district" and rule == "knapsack" and published is not None
    projects = demo_db.execute("SELECT id, cost, status, title, title_i18n, description_i18n "
                               "FROM participation_project WHERE budget_id = ?",
                               (budget_id,)).fetchall()
    assert len(projects) >= 10
    assert all(json.loads(t)["zh-hans"] and json.loads(d)["zh-hans"]
               for *_r, t, d in projects)
    ballots = scalar(demo_db, "SELECT COUNT(*) FROM participation_ballot WHERE budget_id = ?",
                     budget_id)
    assert ballots >= 500
    assert ballots == scalar(demo_db, "SELECT COUNT(*) FROM participation_voter "
                                      "WHERE budget_id = ?", budget_id)
    spent = demo_db.execute(
        "SELECT b.id, SUM(p.cost), COUNT(*) FROM participation_ballot b "
        "JOIN participation_ballotchoice c ON c.ballot_id = b.id "
        "JOIN participation_project p ON p.id = c.project_id GROUP BY b.id").fetchall()
    assert len(spent) == ballots  # no empty ballot
    assert all(Decimal(str(total)) <= Decimal(str(amount)) for _b, total, _n in spent)
    assert len({n for *_r, n in spent}) > 2  # some choose two projects, some five


def test_the_published_results_equal_a_recount(demo_db: sqlite3.Connection) -> None:
    amount = Decimal(str(scalar(demo_db, "SELECT amount FROM participation_budget")))
    votes = Counter(dict(demo_db.execute(
        "SELECT project_id, COUNT(*) FROM participation_ballotchoice GROUP BY project_id")))
    projects = demo_db.execute("SELECT id, cost, status FROM participation_project").fetchall()
    left, chosen = amount, set()
    for pk, cost, _s in sorted(projects, key=lambda p: (-votes[p[0]], p[1], p[0])):
        if votes[pk] and Decimal(str(cost)) <= left:
            left -= Decimal(str(cost))
            chosen.add(pk)
    assert {pk for pk, _c, status in projects
            if status in ("selected", "in_progress", "done")} == chosen
    assert max(votes.values()) > 1.5 * min(votes.values())  # preferences, not noise
    data = json.loads(demo_db.execute("SELECT data FROM participation_event "
                                      "WHERE kind = 'results'").fetchone()[0])
    assert data["ballots"] == sum(1 for _ in demo_db.execute("SELECT id FROM participation_ballot"))


def test_selected_projects_are_carried_out_as_cases(demo_db: sqlite3.Connection) -> None:
    rows = demo_db.execute(
        "SELECT p.status, c.channel, c.status FROM participation_project p "
        "JOIN cases_case c ON c.id = p.case_id").fetchall()
    assert len(rows) == 2
    assert {channel for _p, channel, _c in rows} == {"proposal"}
    assert ("done", "proposal", "resolved") in rows
    assert any(project == "in_progress" for project, _ch, _c in rows)


def test_proposals_in_both_languages_are_open_for_support(demo_db: sqlite3.Connection) -> None:
    languages = dict(demo_db.execute(
        "SELECT language, COUNT(*) FROM participation_proposal GROUP BY language"))
    total = sum(languages.values())
    assert total >= 100
    assert 0.5 < languages["zh-hans"] / total < 0.7
    kind = demo_db.execute(
        "SELECT ph.kind FROM participation_phase ph JOIN participation_process p "
        "ON p.id = ph.process_id WHERE p.kind = 'proposals' AND ph.starts_at <= "
        "datetime('now') AND ph.ends_at > datetime('now')").fetchone()[0]
    assert kind == "support"
    assert scalar(demo_db, "SELECT COUNT(DISTINCT title) FROM participation_proposal") == total


def test_supports_counters_equal_their_rows_and_follow_a_long_tail(
    demo_db: sqlite3.Connection,
) -> None:
    rows = demo_db.execute(
        "SELECT p.id, p.supports, (SELECT COUNT(*) FROM participation_support s "
        "WHERE s.proposal_id = p.id) FROM participation_proposal p").fetchall()
    assert all(counter == counted for _id, counter, counted in rows)
    supports = sorted((counter for _id, counter, _c in rows), reverse=True)
    assert supports[0] > 5 * supports[len(supports) // 2]  # a few draw most
    events = scalar(demo_db, "SELECT COUNT(*) FROM participation_event WHERE kind = 'supported'")
    assert events == sum(supports)


def test_the_threshold_and_deadline_are_set_as_supporting_would(
    demo_db: sqlite3.Connection,
) -> None:
    threshold, days = demo_db.execute(
        "SELECT support_threshold, answer_days FROM participation_process "
        "WHERE kind = 'proposals'").fetchone()
    rows = demo_db.execute("SELECT id, supports, threshold_reached_at, answer_due_at, status "
                           "FROM participation_proposal").fetchall()
    over = [r for r in rows if r[1] >= threshold]
    assert len(over) >= 10
    for pk, supports, reached, due, status in rows:
        if supports < threshold:
            assert reached is None and due is None and status == "published"
            continue
        nth = demo_db.execute("SELECT created_at FROM participation_support WHERE proposal_id = ? "
                              "ORDER BY created_at LIMIT 1 OFFSET ?", (pk, threshold - 1))
        assert when(reached) == when(nth.fetchone()[0])
        assert when(due) == when(reached) + timedelta(days=days)
        assert status != "published"  # staff answered every one over the threshold
    assert scalar(demo_db, "SELECT COUNT(*) FROM participation_event WHERE kind = 'threshold'") \
        == len(over)


def test_staff_answer_and_accepted_proposals_become_cases(demo_db: sqlite3.Connection) -> None:
    statuses = Counter(s for (s,) in demo_db.execute(
        "SELECT status FROM participation_proposal WHERE status != 'published'"))
    for status in ("accepted", "evaluating", "rejected", "implemented"):
        assert statuses[status] > 0, status
    rows = demo_db.execute(
        "SELECT p.status, p.title, p.answer, p.answered_at, c.channel, c.description, c.status "
        "FROM participation_proposal p LEFT JOIN cases_case c ON c.id = p.case_id "
        "WHERE p.status IN ('accepted', 'implemented')").fetchall()
    for status, title, answer, answered, channel, description, case_status in rows:
        assert answer and answered and channel == "proposal"
        assert description.startswith(title)
        if status == "implemented":
            assert case_status in ("resolved", "closed")
    rejected = [a for (a,) in demo_db.execute(
        "SELECT answer FROM participation_proposal WHERE status = 'rejected'")]
    assert all(len(a) > 20 for a in rejected)  # with reasons
    late = demo_db.execute("SELECT COUNT(*) FROM participation_support s JOIN "
                           "participation_proposal p ON p.id = s.proposal_id WHERE "
                           "p.answered_at IS NOT NULL AND s.created_at >= p.answered_at")
    assert late.fetchone()[0] == 0  # an answered proposal takes no more supports


def test_comments_moderation_and_answer_templates(demo_db: sqlite3.Connection) -> None:
    assert scalar(demo_db, "SELECT COUNT(*) FROM participation_comment") >= 50
    reported = demo_db.execute("SELECT reports, hidden_at, hidden_reason FROM "
                               "participation_comment WHERE reports > 0").fetchall()
    assert len(reported) == 2
    assert sum(1 for _r, hidden, reason in reported if hidden and reason) == 1
    templates = demo_db.execute("SELECT status, text_i18n FROM participation_answertemplate")
    rows = templates.fetchall()
    assert len(rows) >= 3 and {s for s, _t in rows} >= {"accepted", "evaluating", "rejected"}
    assert all(json.loads(t)["zh-hans"] for _s, t in rows)


def test_a_map_survey_open_now_with_points_inside_the_city(
    demo_db: sqlite3.Connection,
) -> None:
    kinds = {k for (k,) in demo_db.execute("SELECT kind FROM participation_question")}
    assert kinds >= {"single", "multiple", "scale", "text", "point"}
    responses = scalar(demo_db, "SELECT COUNT(*) FROM participation_response")
    assert responses >= 300
    assert responses == scalar(demo_db, "SELECT COUNT(DISTINCT resident_id) "
                                        "FROM participation_response")
    assert responses == scalar(demo_db, "SELECT COUNT(*) FROM participation_event "
                                        "WHERE kind = 'responded'")
    city = shape(json.loads((DATA / "city.geojson").read_text())["features"][0]["geometry"])
    points = demo_db.execute("SELECT lat, lon, comment FROM participation_mapentry").fetchall()
    assert len(points) >= 300
    assert all(city.covers(Point(lon, lat)) for lat, lon, _c in points)
    assert sum(1 for *_p, comment in points if comment) > len(points) / 3
    # Clustered: the busiest 200 m square holds far more than its share.
    squares = Counter((round(lat / 0.002), round(lon / 0.002)) for lat, lon, _c in points)
    assert max(squares.values()) > 10 * len(points) / len(squares)


def test_residents_are_invented_and_declare_streets(demo_db: sqlite3.Connection) -> None:
    rows = demo_db.execute("SELECT r.channel, r.address, a.level, r.verified_at "
                           "FROM participation_resident r LEFT JOIN geo_area a "
                           "ON a.id = r.area_id").fetchall()
    assert len(rows) >= 600
    assert all(channel == "email" for channel, *_r in rows)
    assert all(address.endswith(("@example.org", "@example.com")) for _c, address, *_r in rows)
    assert all(level == "street" for _c, _a, level, _v in rows)
    first_vote = demo_db.execute("SELECT MIN(v.voted_at), r.verified_at FROM participation_voter "
                                 "v JOIN participation_resident r ON r.id = v.resident_id "
                                 "GROUP BY r.id").fetchall()
    assert all(when(verified) < when(voted) for voted, verified in first_vote)
    # The log counts residents; it never names one.
    assert scalar(demo_db, "SELECT COUNT(*) FROM participation_event "
                           "WHERE data LIKE '%resident%' OR data LIKE '%@%'") == 0
