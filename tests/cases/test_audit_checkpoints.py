"""Signed checkpoints: written by a command and a daily job, published without personal data."""

from __future__ import annotations

import importlib
import json
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from cityloop.cases import audit_key
from cityloop.cases.audit_checkpoints import (
    KEEP_HEADS,
    CheckpointRefused,
    verify,
    write_checkpoint,
)
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import AuditCheckpoint, Case, CaseEvent
from cityloop.conf import datadir
from cityloop.registry import periodic_jobs
from tests.cases.helpers import act


@pytest.fixture
def cases(make_case, roads_officer):
    made = [make_case(contact=ContactInfo(name="Mei Chen", email="mei@example.org"))
            for _ in range(2)]
    act(made[0], "comment", roads_officer, public_text="Crew booked")
    return made


def test_every_event_is_signed_as_it_is_written(cases):
    for event in CaseEvent.objects.all():
        assert audit_key.check("event", event.hash, event.mac)


def test_a_checkpoint_records_every_case_head(cases):
    out = StringIO()
    call_command("audit", "checkpoint", stdout=out)
    checkpoint = AuditCheckpoint.objects.get()
    assert "Checkpoint 1: 2 cases, 3 events, signature" in out.getvalue()
    first = CaseEvent.objects.filter(case=cases[0]).order_by("-seq").first()
    latest = CaseEvent.objects.order_by("-id").first()
    assert first is not None and latest is not None
    assert [cases[0].reference, 2, first.hash] in checkpoint.heads
    assert checkpoint.counters == {cases[0].reference[:4]: 2}
    assert checkpoint.max_event_id == latest.pk


def test_checkpoints_are_linked_and_later_ones_still_verify(cases, roads_officer):
    first = write_checkpoint()
    act(cases[1], "comment", roads_officer, public_text="Tomorrow")
    second = write_checkpoint()
    assert (second.number, second.prev_signature) == (2, first.signature)
    assert list(verify()) == []


def test_a_checkpoint_is_refused_while_a_history_is_broken(cases):
    Case.objects.filter(pk=cases[0].pk).update(status="closed")
    with pytest.raises(CheckpointRefused, match="1 cases"):
        write_checkpoint()
    with pytest.raises(CommandError, match="No checkpoint written"):
        call_command("audit", "checkpoint", stdout=StringIO())
    assert not AuditCheckpoint.objects.exists()


def test_only_the_newest_checkpoints_keep_their_heads(cases):
    for _ in range(KEEP_HEADS + 2):
        write_checkpoint()
    kept = list(AuditCheckpoint.objects.order_by("number").values_list("number", "heads"))
    assert [number for number, heads in kept if heads] == list(range(3, KEEP_HEADS + 3))
    assert list(verify()) == []


def test_the_daily_job_writes_one(cases, settings):
    job = periodic_jobs.get("audit_checkpoint")
    assert job.interval() == settings.AUDIT_CHECKPOINT_SECONDS == 86400
    assert job.run(cases[0].created_at) == "checkpoint 1: 2 cases"
    Case.objects.filter(pk=cases[0].pk).update(status="closed")
    assert job.run(cases[0].created_at).startswith("refused: 1 cases")


def test_the_published_checkpoints_hold_no_personal_data(cases, client):
    write_checkpoint()
    write_checkpoint()
    response = client.get("/audit/checkpoints.json")
    assert response.status_code == 200
    body = response.json()
    assert [c["number"] for c in body["checkpoints"]] == [2, 1]
    assert body["checkpoints"][0]["prev"] == body["checkpoints"][1]["signature"]
    text = json.dumps(body)
    for case in cases:
        assert case.reference not in text
    assert "Mei" not in text and "mei@example.org" not in text and "heads\"" not in text


def test_a_rolled_back_submission_does_not_look_like_tampering(cases, make_case):
    write_checkpoint()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_case()
        raise RuntimeError("the submission failed after taking a reference")
    later = make_case()
    assert later.reference.endswith("000003")
    assert list(verify()) == []


def test_verify_without_a_key_says_how_to_get_one(cases, settings):
    settings.AUDIT_KEY = ""
    with pytest.raises(CommandError, match="CITYLOOP_AUDIT_KEY"):
        call_command("audit", "verify", stdout=StringIO())


def test_a_different_key_rejects_every_signature(cases, settings):
    write_checkpoint()
    settings.AUDIT_KEY = "someone-elses-key"
    found = {p.message for p in verify()}
    assert "checkpoint 1: signature does not match its content" in found
    assert any("signature does not match: rewritten" in m for m in found)


def test_the_key_comes_from_the_environment_a_file_or_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv(datadir.AUDIT_KEY_VARIABLE, raising=False)
    monkeypatch.delenv(datadir.AUDIT_KEY_FILE_VARIABLE, raising=False)
    monkeypatch.setenv(datadir.KEY_VARIABLE, "given")
    datadir.prepare(tmp_path)
    made = (tmp_path / "audit.key").read_text()
    assert len(made) > 40 and datadir.read_audit_key(tmp_path) == made
    elsewhere = tmp_path / "kept-elsewhere.key"
    elsewhere.write_text("from-a-file\n")
    monkeypatch.setenv(datadir.AUDIT_KEY_FILE_VARIABLE, str(elsewhere))
    assert datadir.read_audit_key(tmp_path) == "from-a-file"
    monkeypatch.setenv(datadir.AUDIT_KEY_VARIABLE, "from-the-environment")
    assert datadir.read_audit_key(tmp_path) == "from-the-environment"


def test_a_key_file_named_but_missing_stops_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv(datadir.AUDIT_KEY_FILE_VARIABLE, str(tmp_path / "elsewhere.key"))
    monkeypatch.setenv(datadir.KEY_VARIABLE, "given")
    datadir.prepare(tmp_path / "data")
    assert not (tmp_path / "data" / "audit.key").exists()
    with pytest.raises(ImproperlyConfigured, match=r"elsewhere\.key, which does not exist"):
        datadir.read_audit_key(tmp_path / "data")


def test_the_upgrade_signs_the_events_recorded_before_signatures(cases, settings):
    loader = MigrationLoader(connection)
    apps = loader.project_state(("cases", "0003_audit_signing")).apps  # as in the migration
    migration = importlib.import_module("cityloop.cases.migrations.0003_audit_signing")
    table = connection.ops.quote_name(CaseEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET mac = ''")  # noqa: S608  as before the upgrade
    assert {p.message for p in verify()} == {"is not signed with the audit key"}
    settings.AUDIT_KEY = ""
    migration.sign_recorded_events(apps, None)  # no key at hand: left for verify to name
    assert not CaseEvent.objects.exclude(mac="").exists()
    settings.AUDIT_KEY = "tests-only-audit-key"
    migration.sign_recorded_events(apps, None)
    assert list(verify()) == []


def test_a_demo_reset_takes_the_checkpoints_with_the_history(cases):
    from cityloop.demo.history.wipe import wipe_history

    write_checkpoint()
    assert wipe_history() == 2
    assert not AuditCheckpoint.objects.exists()
    assert list(verify()) == []
