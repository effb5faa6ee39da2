"""Duplicate finder benchmark: precision and recall on the demo city's synthetic history.

    python benchmarks/duplicates.py [--size small|full] [--seed N] [--data-dir DIR]

Makes the demo city's history (``cityloop demo --size small --no-serve``) in
a temporary data directory, on SQLite (DATABASE_URL is ignored), unless
``--data-dir`` names a directory that already has one. Then it replays every
report of the history against the cases of its category open at that
moment (``triage.duplicates_eval``): the cases staff marked as duplicates
and their originals are the true pairs, every other pair is a negative.

Prints JSON: for the ``similar`` finder (the default) precision, recall and
F1 at its "likely duplicate" threshold, average precision, the best F1 on
the curve and the curve itself (thresholds 0–1 by 0.05); the same for the
plain ``nearby`` finder measured in the same run as the baseline (its score
is only closeness, and it lists everything it finds); the ``similar`` score
with the baseline's reach (150 m, 14 days, for every category), which
separates what the score does from what the categories' own radii and
windows do; and the time each finder's database query takes at real report
locations.

The synthetic ground truth is conservative: the generator marks a share of
repeats as duplicates, but storms also file many reports of one problem a
few metres apart that nobody merged, and those count as negatives here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, setup_django, summary_ms


def make_history(data_dir: Path, size: str, seed: int | None) -> float:
    """Generate the demo city's history into ``data_dir``; seconds it took.

    ``seed`` None: the demo's own default seed (``cityloop demo`` without ``--seed``).
    """
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    seed_args = [] if seed is None else ["--seed", str(seed)]
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "cityloop", "--data-dir", str(data_dir), "demo", "--size", size,
         *seed_args, "--no-serve"],
        env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def time_queries(samples: int, seed: int) -> dict[str, Any]:
    """Both finders' queries at the places of ``samples`` random reports, now."""
    from django.utils import timezone

    from cityloop.cases import suggest
    from cityloop.cases.models import Case
    from cityloop.triage.duplicates import similar as duplicates

    rng = random.Random(seed)
    rows = list(Case.objects.filter(lat__isnull=False).select_related("category")
                .only("lat", "lon", "description", "category"))
    picks = [rng.choice(rows) for _ in range(min(samples, len(rows)))]
    now = timezone.now()
    timings: dict[str, list[float]] = {"similar": [], "nearby": []}
    for case in picks:
        lat, lon = case.lat or 0.0, case.lon or 0.0
        started = time.perf_counter()
        duplicates.find([case.category], lat, lon, now, text=case.description)
        timings["similar"].append(time.perf_counter() - started)
        started = time.perf_counter()
        suggest.nearby_open_cases(case.category, lat, lon, now)
        timings["nearby"].append(time.perf_counter() - started)
    return {name: summary_ms(values) for name, values in timings.items()}


def same_reach(history: Any) -> dict[str, Any]:
    """The ``similar`` score with the ``nearby`` finder's reach (150 m, 14 days) for every
    category: what the score does, apart from the categories' own radii and windows."""
    import copy

    from cityloop.cases.suggest import DUPLICATE_RADIUS_M, DUPLICATE_WINDOW
    from cityloop.catalogue.models import ServiceCategory
    from cityloop.triage.duplicates import evaluation as duplicates_eval
    from cityloop.triage.duplicates import similar as duplicates

    categories = {}
    for category in ServiceCategory.objects.all():
        widened = copy.copy(category)
        widened.duplicate_radius_m = int(DUPLICATE_RADIUS_M)
        widened.duplicate_window_hours = int(DUPLICATE_WINDOW.total_seconds() // 3600)
        categories[category.pk] = widened
    scored = duplicates_eval.replay(history, duplicates_eval.similar_finder(categories),
                                    DUPLICATE_WINDOW.total_seconds() / 3600)
    return duplicates_eval.summarise(scored, len(history.truth), duplicates.LIKELY_SCORE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=["small", "full"], default="small")
    parser.add_argument("--seed", type=int, default=None,
                        help="Seed of the synthetic history (default: the demo's own).")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="Use (or make) the history in this directory.")
    parser.add_argument("--samples", type=int, default=300, help="Queries to time.")
    parser.add_argument("--no-curve", action="store_true", help="Leave the PR curves out.")
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="cityloop-dups-"))
    generated = None
    if not (data_dir / "cityloop.sqlite3").exists():
        # Django is not set up yet (it is below, for this data directory): the demo
        # command, not this process, knows its default seed.
        generated = round(make_history(data_dir, args.size, args.seed), 1)
    os.environ.pop("DATABASE_URL", None)
    setup_django(data_dir)

    from django.core.management import call_command

    from cityloop.triage.duplicates import evaluation as duplicates_eval
    from cityloop.triage.duplicates import similar as duplicates

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    history = duplicates_eval.load_history()
    result = duplicates_eval.evaluate(history)
    result["similar_at_nearby_reach"] = same_reach(history)
    seconds = time.monotonic() - started
    if args.no_curve:
        for finder in ("similar", "nearby", "similar_at_nearby_reach"):
            result[finder].pop("curve")
    print(json.dumps({
        "benchmark": "duplicates",
        "data_dir": str(data_dir),
        "size": args.size if generated is not None else "existing",
        "history_seconds": generated,
        "evaluation_seconds": round(seconds, 1),
        "weights": {"closeness": duplicates.WEIGHT_CLOSENESS,
                    "similarity": duplicates.WEIGHT_SIMILARITY,
                    "freshness": duplicates.WEIGHT_FRESHNESS},
        **result,
        "query_time": time_queries(args.samples, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
