"""``cityloop demo``: the demo city Jiangcheng and its year of synthetic history."""

from __future__ import annotations

import json
import re
import sqlite3
import statistics
from pathlib import Path

import yaml
from shapely.geometry import Point, shape

from cityloop.catalogue.loader import DEFAULT_CATALOGUE
from tests.demo.conftest import DemoRun, run_cityloop

DATA = Path(__file__).resolve().parents[2] / "cityloop" / "demo" / "data"
OPEN = ("new", "assigned", "in_progress", "reopened")


def scalar(db: sqlite3.Connection, sql: str, *params: object) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def test_it_prints_the_logins_and_keeps_them_private(demo: DemoRun) -> None:
    out = demo.result.stdout
    for path in ("/admin/", "/staff/", "/ops/", "/open311/v2/discovery.json"):
        assert f"http://127.0.0.1:8000{path}" in out
    password = re.search(r"password for all: (\S+)\)", out)
    assert password is not None
    logins = demo.path / "demo-logins.txt"
    assert logins.stat().st_mode & 0o777 == 0o600
    text = logins.read_text()
    assert f"password: {password.group(1)}" in text
    assert re.search(r"^api_key: cl_\S+$", text, re.MULTILINE)
    for username in ("admin", "operator1", "roads.supervisor", "roads.binjiang"):
        assert username in out


def test_it_loads_the_city_its_districts_and_streets(demo_db: sqlite3.Connection) -> None:
    levels = dict(demo_db.execute("SELECT level, COUNT(*) FROM geo_area GROUP BY level"))
    assert levels["city"] == 1
    assert levels["district"] == 7
    assert 30 <= levels["street"] <= 40
    names = dict(demo_db.execute("SELECT code, name_i18n FROM geo_area"))
    assert json.loads(names["binjiang"]) == {"zh-hans": "滨江区"}


def test_it_loads_the_gazetteer_each_place_in_its_street(demo_db: sqlite3.Connection) -> None:
    kinds = dict(demo_db.execute("SELECT kind, COUNT(*) FROM geo_place GROUP BY kind"))
    assert kinds.keys() == {"road", "landmark", "address"}
    assert min(kinds.values()) > 100
    outside = scalar(demo_db, "SELECT COUNT(*) FROM geo_place WHERE area_id IS NULL")
    assert outside < sum(kinds.values()) / 50
    road = demo_db.execute(
        "SELECT p.name, p.name_i18n, a.level FROM geo_place p JOIN geo_area a "
        "ON a.id = p.area_id WHERE p.kind = 'road' ORDER BY p.id").fetchone()
    assert road[0] and "zh-hans" in road[1] and road[2] == "street"


def test_it_loads_the_default_catalogue(demo_db: sqlite3.Connection) -> None:
    catalogue = yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    rows = demo_db.execute("SELECT service_code FROM catalogue_servicecategory")
    codes = {code for (code,) in rows}
    assert codes == {service["code"] for service in catalogue["services"]}


def test_departments_sit_on_three_levels(demo_db: sqlite3.Connection) -> None:
    rows = demo_db.execute("SELECT id, code, parent_id, name, name_i18n FROM catalogue_department")
    depts = {row[0]: row for row in rows}

    def level(dept_id: int) -> int:
        parent = depts[dept_id][2]
        return 1 if parent is None else 1 + level(parent)

    levels = [level(d) for d in depts]
    bureaux = levels.count(1)
    assert bureaux == 10
    assert levels.count(2) == bureaux * 7  # an office per bureau and district
    assert levels.count(3) > 0  # street teams
    office = next(row for row in depts.values() if row[1] == "roads_binjiang")
    assert office[3] == "Binjiang District Roads Office"
    assert json.loads(office[4])["zh-hans"] == "滨江区道路管理所"


def test_it_generates_a_year_of_cases_of_the_requested_size(demo_db: sqlite3.Connection) -> None:
    assert 1350 <= scalar(demo_db, "SELECT COUNT(*) FROM cases_case") <= 1650
    days = scalar(demo_db, "SELECT julianday(MAX(created_at)) - julianday(MIN(created_at)) "
                           "FROM cases_case")
    assert 350 <= days <= 366


def test_every_case_history_verifies(demo: DemoRun) -> None:
    result = run_cityloop(demo.path, "audit", "verify", timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "OK" in result.stdout


def test_hotspots_draw_more_cases_than_the_average_street(demo_db: sqlite3.Connection) -> None:
    streets = json.loads((DATA / "streets.geojson").read_text(encoding="utf-8"))["features"]
    shapes = {f["properties"]["code"]: shape(f["geometry"]) for f in streets}
    per_street = dict(demo_db.execute(
        "SELECT a.code, COUNT(*) FROM cases_case c JOIN geo_area a ON a.id = c.area_id "
        "WHERE a.level = 'street' GROUP BY a.code"
    ))
    average = sum(per_street.values()) / len(shapes)
    hotspots = yaml.safe_load((DATA / "hotspots.yaml").read_text(encoding="utf-8"))
    hot_streets = {
        next(code for code, s in shapes.items() if s.covers(Point(h["lon"], h["lat"])))
        for h in hotspots
    }
    hot = [per_street.get(code, 0) for code in hot_streets]
    assert statistics.mean(hot) > 1.3 * average
    busiest = max(hotspots, key=lambda h: h["weight"])
    street = next(c for c, s in shapes.items() if s.covers(Point(busiest["lon"], busiest["lat"])))
    assert per_street[street] > 1.5 * average


def test_storms_bring_bursts_of_flooding(demo_db: sqlite3.Connection) -> None:
    daily = [n for (n,) in demo_db.execute(
        "SELECT COUNT(*) FROM cases_case c JOIN catalogue_servicecategory s "
        "ON s.id = c.category_id WHERE s.service_code = 'flooding' "
        "GROUP BY date(c.created_at)"
    )]
    assert max(daily) >= 12
    assert max(daily) > 5 * statistics.median(daily)


def test_bad_ratings_reopen_cases(demo_db: sqlite3.Connection) -> None:
    ratings = dict(demo_db.execute(
        "SELECT json_extract(data, '$.rating'), COUNT(*) FROM cases_caseevent "
        "WHERE action = 'rate' GROUP BY 1"
    ))
    assert set(ratings) == {1, 2, 3, 4, 5}
    assert ratings[5] > ratings[4] > ratings[1]  # skewed positive
    reopened_after_bad_rating = scalar(
        demo_db,
        "SELECT COUNT(*) FROM cases_caseevent r JOIN cases_caseevent o "
        "ON o.case_id = r.case_id AND o.seq = r.seq + 1 "
        "WHERE r.action = 'rate' AND json_extract(r.data, '$.rating') <= 2 "
        "AND o.action = 'reopen'",
    )
    assert reopened_after_bad_rating == ratings[1] + ratings[2]
    resolved_again = scalar(
        demo_db,
        "SELECT COUNT(DISTINCT o.case_id) FROM cases_caseevent o JOIN cases_caseevent r "
        "ON r.case_id = o.case_id AND r.seq > o.seq AND r.action = 'resolve' "
        "WHERE o.action = 'reopen'",
    )
    assert resolved_again > 0.7 * reopened_after_bad_rating


def test_some_cases_are_rejected_merged_or_passed_on(demo_db: sqlite3.Connection) -> None:
    actions = dict(demo_db.execute(
        "SELECT action, COUNT(*) FROM cases_caseevent GROUP BY action"
    ))
    for action in ("reject", "mark_duplicate", "forward", "mark_overdue", "escalate", "add_info"):
        assert actions.get(action, 0) > 0, action
    reasons = {r for (r,) in demo_db.execute(
        "SELECT DISTINCT reject_reason FROM cases_case WHERE status = 'rejected'"
    )}
    assert reasons == {"invalid", "not_our_responsibility"}


def test_recent_cases_are_still_open_and_old_ones_are_not(demo_db: sqlite3.Connection) -> None:
    recent = [s for (s,) in demo_db.execute(
        "SELECT status FROM cases_case ORDER BY created_at DESC LIMIT 60"
    )]
    assert any(status in OPEN for status in recent)
    old_open = scalar(
        demo_db,
        "SELECT COUNT(*) FROM cases_case WHERE created_at < datetime('now', '-120 days') "
        "AND status IN ('new', 'assigned', 'in_progress', 'reopened')",
    )
    # A few stuck cases (reopened, never resolved again) are the backlog.
    assert old_open < 0.015 * scalar(demo_db, "SELECT COUNT(*) FROM cases_case")


def test_reporters_are_invented_and_write_in_both_languages(
    demo_db: sqlite3.Connection,
) -> None:
    emails = [e for (e,) in demo_db.execute("SELECT email FROM cases_casecontact")]
    assert len(emails) > 1000
    assert all(e.endswith("@example.org") for e in emails if e)
    languages = dict(demo_db.execute("SELECT language, COUNT(*) FROM cases_case GROUP BY 1"))
    chinese = languages["zh-hans"] / (languages["zh-hans"] + languages["en"])
    assert 0.45 < chinese < 0.65


def test_history_queues_no_notifications(demo_db: sqlite3.Connection) -> None:
    assert scalar(demo_db, "SELECT COUNT(*) FROM notify_message") == 0


def test_running_again_keeps_the_history_and_the_logins(
    demo: DemoRun, demo_db: sqlite3.Connection
) -> None:
    before = scalar(demo_db, "SELECT COUNT(*) FROM cases_case")
    password = re.search(r"password for all: (\S+)\)", demo.result.stdout)
    assert password is not None
    again = run_cityloop(demo.path, "demo", "--size", "small", "--no-serve", timeout=120)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "history: kept" in again.stdout
    assert "participation: kept" in again.stdout
    assert f"password for all: {password.group(1)})" in again.stdout
    assert scalar(demo_db, "SELECT COUNT(*) FROM cases_case") == before
