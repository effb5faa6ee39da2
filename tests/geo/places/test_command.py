"""cityloop import-places as an operator runs it: a summary, the rows skipped, a clear refusal."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cityloop.geo.places.models import Place
from tests.geo.places.fixtures import write_all


def test_it_prints_a_summary_and_again_changes_nothing(city, tmp_path):
    files = [str(p) for p in write_all(tmp_path)]
    out = StringIO()
    call_command("import_places", *files, stdout=out)
    assert out.getvalue().strip() == (
        "8 places created, 0 updated, 0 unchanged, 0 skipped (4 address, 1 landmark, 3 road).")
    again = StringIO()
    call_command("import_places", *files, "--replace", stdout=again)
    assert again.getvalue().strip() == (
        "0 places created, 0 updated, 8 unchanged, 0 skipped (4 address, 1 landmark, 3 road); "
        "0 removed.")


def test_skipped_rows_go_to_stderr_and_an_unreadable_file_writes_nothing(city, tmp_path):
    csv = tmp_path / "oa.csv"
    csv.write_text("LON,LAT,NUMBER,STREET\n106.52,29.58,1,Hetang Road\n106.52,x,2,Hetang Road\n",
                   encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_places", str(csv), stdout=out, stderr=err)
    assert err.getvalue().strip() == "skipped oa.csv line 3: LAT 'x' is not a number"
    assert out.getvalue().startswith("1 places created")
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match=r"nothing imported: .*broken.geojson is not valid JSON"):
        call_command("import_places", str(csv), str(broken))
    assert Place.objects.count() == 1
