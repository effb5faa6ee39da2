"""Open data benchmark: ``cityloop opendata-export`` at scale, its time and peak memory.

    python benchmarks/opendata.py [--cases 1000000] [--data-dir var/bench]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cityloop_bench python benchmarks/opendata.py

Fills the database with ``--cases`` synthetic cases (``bulkload``, once;
later runs reuse them, and share them with ``benchmarks/analytics.py``),
then runs the export ``--rounds`` times, each in its own ``cityloop shell``
process, and prints JSON: its time, the peak resident memory of the process
during the export (the high-water mark reset just before it) beside the
peak of starting Django, the peak of the export's own Python objects and
Arrow buffers (one more, traced round), the rows published and left out,
and the files' sizes. The export streams the cases, so its peak
should grow with the number of combinations of the quasi-identifiers (the
first pass's groups), not with the number of cases.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, setup_django, summary_ms

# Run in a `cityloop shell` process: the export itself, timed, with the
# process's peak resident memory reset just before it (Linux: clear_refs 5
# resets VmHWM), so what is measured is the export's, not Django's start.
EXPORT = """
import json, time, tracemalloc
from pathlib import Path
import pyarrow
from cityloop.analytics import opendata_export

def high_water():
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024

before = high_water()
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")
if __TRACE__:
    tracemalloc.start()
started = time.perf_counter()
counts = opendata_export.export(Path(__OUTPUT__), k=__K__)
seconds = time.perf_counter() - started
heap = tracemalloc.get_traced_memory()[1] if __TRACE__ else None
print(json.dumps({"seconds": seconds, "peak": high_water(), "started_peak": before,
                  "heap": heap, "arrow": pyarrow.default_memory_pool().max_memory(),
                  **counts}))
"""


def prepare(cases: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.bulkload import load
    from cityloop.cases.models import Case
    from cityloop.demo.city import build_city

    call_command("migrate", verbosity=0)
    build_city()
    have = Case.objects.count()
    if have < cases:
        load(cases - have, progress=lambda line: print(line, file=sys.stderr))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"cases": Case.objects.count(), "vendor": connection.vendor}


def export(data_dir: Path, output: str, k: int, trace: bool = False) -> dict[str, Any]:
    """One export in its own ``cityloop shell`` process: seconds, peak memory, row counts."""
    env = dict(os.environ, CITYLOOP_DATA_DIR=str(data_dir))
    code = (EXPORT.replace("__OUTPUT__", repr(output)).replace("__K__", str(k))
            .replace("__TRACE__", str(trace)))
    done = subprocess.run([sys.executable, "-m", "cityloop", "shell", "-c", code], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"the export failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    setup_django(data_dir)
    info = prepare(args.cases)
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="cityloop-opendata-") as output:
        for _round in range(args.rounds):
            runs.append(export(data_dir, output, args.k))
        traced = export(data_dir, output, args.k, trace=True)  # slower: not timed
        sizes = {p.name: p.stat().st_size for p in sorted(Path(output).iterdir())}
    seconds = [r["seconds"] for r in runs]
    result = {
        "benchmark": "opendata", "database": info["vendor"], "cases": info["cases"],
        "k": args.k, "published": runs[-1]["published"], "suppressed": runs[-1]["suppressed"],
        "export_wall": summary_ms(seconds),
        "cases_per_second": round(info["cases"] / min(seconds)),
        "peak_rss_during_export_mb": round(max(r["peak"] for r in runs) / 2**20, 1),
        "peak_rss_of_django_started_mb": round(runs[-1]["started_peak"] / 2**20, 1),
        # What the export itself holds: Python objects (tracemalloc) and Arrow's
        # buffers. RSS adds the database client's caches (SQLite here maps up
        # to 256 MB of the file and caches 64 MB: cityloop/conf/env.py).
        "python_heap_peak_mb": round(traced["heap"] / 2**20, 1),
        "arrow_pool_peak_mb": round(traced["arrow"] / 2**20, 1),
        "file_bytes": sizes,
        "load_average_1_min": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
