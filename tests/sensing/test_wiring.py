"""What the sensing app registers when Django starts, in a process of its own (the tests'
own imports would register a job even if ``wiring`` forgot it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIST = ("import django; django.setup(); from cityloop.registry import periodic_jobs; "
        "print(' '.join(sorted(e.key for e in periodic_jobs)))")


def test_the_worker_has_the_observation_jobs():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    out = subprocess.run([sys.executable, "-c", LIST], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True).stdout.split()
    assert {"observation_retention", "observation_partitions"} <= set(out)
