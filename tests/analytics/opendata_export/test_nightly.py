"""The nightly job writing DATA_DIR/opendata/, and /opendata/ serving what it wrote."""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime

import pytest
from django.utils import timezone

from cityloop.analytics import jobs
from cityloop.registry import periodic_jobs

# In the city's time zone (``make_aware``): the job's hours are local.
NIGHT = timezone.make_aware(datetime(2026, 3, 20, 1, 30))
MORNING = timezone.make_aware(datetime(2026, 3, 20, 2, 5))


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.OPENDATA_K = 5
    return tmp_path


def test_the_job_exports_once_a_day_after_two(scenario, data_dir):
    job = periodic_jobs.get("opendata_export")
    assert job.interval() == 3600
    assert job.run(NIGHT) == "today's open data is published already"  # before 02:00
    assert not (data_dir / "opendata").exists()
    assert job.run(MORNING) == "open data: 23 cases published, 3 left out for k=5"
    catalog = data_dir / "opendata" / "catalog.json"
    assert catalog.is_file()
    os.utime(catalog, (MORNING.timestamp(), MORNING.timestamp()))
    assert job.run(MORNING.replace(hour=9)) == "today's open data is published already"
    assert job.run(MORNING.replace(day=21)).startswith("open data: ")  # the next night


def test_the_page_says_nothing_is_published_yet(city, data_dir, client):
    response = client.get("/opendata/")
    assert response.status_code == 200
    assert b'data-testid="opendata-none"' in response.content
    assert b'href="/opendata/"' in client.get("/").content  # in every page's footer
    assert client.get("/opendata/cases.csv").status_code == 404


def test_the_page_lists_the_files_and_serves_them(scenario, data_dir, client):
    jobs._run(MORNING)
    page = client.get("/opendata/")
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("cases.csv", "cases.geojson", "cases.parquet", "catalog.json"):
        assert f'href="/opendata/{name}"' in text
    assert "23 cases are published" in text and "3 cases are left out" in text
    assert "at least 5 times" in text
    response = client.get("/opendata/cases.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(body)))) == 23
    expected = {"cases.geojson": "application/geo+json",
                "cases.parquet": "application/vnd.apache.parquet",
                "catalog.json": "application/ld+json"}
    for name, media in expected.items():
        served = client.get(f"/opendata/{name}")
        assert (served.status_code, served["Content-Type"]) == (200, media)
        served.close()


def test_the_page_describes_the_columns_in_the_readers_language(scenario, data_dir, client):
    jobs._run(MORNING)
    text = client.get("/opendata/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "工单的公开编号。" in text and "The case's public reference." not in text


@pytest.mark.parametrize("name", ["secret.key", "..%2Fsecret.key", ".cases.csv.part",
                                  "db.sqlite3", "cases.xlsx"])
def test_any_other_name_is_a_404(city, data_dir, client, name):
    (data_dir / "secret.key").write_text("not for you")
    (data_dir / "opendata").mkdir()
    (data_dir / "opendata" / ".cases.csv.part").write_text("half")
    assert client.get(f"/opendata/{name}").status_code == 404
    assert client.get("/opendata/sub/cases.csv").status_code == 404


def test_only_reading_is_allowed(city, data_dir, client):
    assert client.post("/opendata/cases.csv").status_code == 405
