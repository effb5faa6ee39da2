"""The demo's history carries photos from the first start: residents' photos on a
share of the reports (some approved for the public), photos of the finished
work on resolved cases, all drawn pictures stored once and shared."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

from PIL import Image

from tests.demo.conftest import DemoRun


def test_a_share_of_reports_have_photos_of_each_kind(demo_db: sqlite3.Connection) -> None:
    kinds = Counter(dict(demo_db.execute(
        "SELECT kind || ':' || public, COUNT(*) FROM cases_casemedia GROUP BY kind, public")))
    cases = demo_db.execute("SELECT COUNT(*) FROM cases_case").fetchone()[0]
    assert kinds["before:0"] > 0, "residents' photos waiting for approval"
    assert kinds["before:1"] > 0, "residents' photos approved for the public"
    assert kinds["after:1"] > cases // 10, "photos of the finished work"
    assert kinds["after:0"] == 0


def test_every_photo_file_is_a_stored_picture_shared_by_many_rows(demo: DemoRun,
                                                                 demo_db: sqlite3.Connection
                                                                 ) -> None:
    files = dict(demo_db.execute("SELECT file, COUNT(*) FROM cases_casemedia GROUP BY file"))
    assert 1 < len(files) <= 12  # a dozen pictures, not a file per photo
    for name in files:
        path = demo.path / "media" / name
        with Image.open(path) as image:
            assert image.format == "JPEG" and image.size == (640, 480)


def test_after_photos_are_named_by_the_resolution(demo_db: sqlite3.Connection) -> None:
    named = set()
    for (data,) in demo_db.execute("SELECT data FROM cases_caseevent WHERE action = 'resolve'"):
        named.update(json.loads(data).get("media", []))
    after = {pk for (pk,) in demo_db.execute(
        "SELECT id FROM cases_casemedia WHERE kind = 'after'")}
    assert after and after <= named


def test_approved_photos_were_approved_by_an_officer(demo_db: sqlite3.Connection) -> None:
    approved = {pk for (pk,) in demo_db.execute(
        "SELECT id FROM cases_casemedia WHERE kind = 'before' AND public")}
    events = demo_db.execute(
        "SELECT data, actor_kind FROM cases_caseevent WHERE action = 'approve_photo'").fetchall()
    assert {json.loads(data)["media"] for data, _ in events} == approved
    assert {kind for _, kind in events} == {"staff"}
    sensitive = demo_db.execute(
        "SELECT COUNT(*) FROM cases_casemedia m JOIN cases_case c ON c.id = m.case_id "
        "JOIN catalogue_servicecategory s ON s.id = c.category_id "
        "WHERE m.public AND NOT s.is_public").fetchone()[0]
    assert sensitive == 0
