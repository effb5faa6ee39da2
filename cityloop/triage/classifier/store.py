"""Model versions on disk, which one is active, and the copy each process holds.

A version is a directory ``DATA_DIR/models/triage/<version>/`` with
``manifest.json`` (version, created, training counts per source and class,
cross-validated metrics, parameters, library versions), ``vocabulary.json``
and ``weights.npz``. A ``TriageModel`` row per version says which one is
active (at most one, by a partial unique constraint).

Every process keeps the active model in a ``SharedCache`` keyed on
``TriageModelRevision``: activating a version writes a new token, and each
web or worker process loads the new files at its next check (at most
``CITYLOOP_CACHE_CHECK_SECONDS`` later), once per process, without a
restart. Several machines must share ``DATA_DIR`` (as they do for media).

Loading is safe: a version name must match ``VERSION_PATTERN`` and its
directory must lie inside the models directory; nothing is unpickled (JSON,
and NumPy arrays read with ``allow_pickle=False``).
"""

from __future__ import annotations

import json
import logging
import platform
import re
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from cityloop.sharedcache import SharedCache
from cityloop.triage.classifier.category import Classifier
from cityloop.triage.classifier.models import TriageModel, TriageModelRevision
from cityloop.triage.classifier.priority import PriorityModel

log = logging.getLogger(__name__)

MANIFEST_FILE = "manifest.json"
FORMAT = 1
VERSION_PATTERN = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$")


class ModelFilesError(Exception):
    pass


def models_root() -> Path:
    return Path(settings.DATA_DIR) / "models" / "triage"


def new_version(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def version_dir(version: str) -> Path:
    """The directory of ``version``; refuses names that could point anywhere else."""
    if not VERSION_PATTERN.match(version):
        raise ModelFilesError(f"not a model version: {version[:60]!r}")
    root = models_root().resolve()
    path = (root / version).resolve()
    if path.parent != root:
        raise ModelFilesError(f"{version}: outside {root}")
    return path


def library_versions() -> dict[str, str]:
    import numpy
    import scipy
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": numpy.__version__, "scipy": scipy.__version__}


@dataclass
class LoadedModel:
    version: str
    classifier: Classifier
    priority: PriorityModel | None
    manifest: dict[str, Any] = field(default_factory=dict)


def save(classifier: Classifier, priority: PriorityModel | None, manifest: dict[str, Any],
         created: datetime) -> TriageModel:
    """Write a new version's files (all or nothing) and record it, inactive."""
    version = new_version(created)
    final = version_dir(version)
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.parent / f".{version}.partial"
    partial.mkdir()
    try:
        described = classifier.save(partial, priority.arrays() if priority else None)
        manifest = {"version": version, "format": FORMAT, "created": created.isoformat(),
                    **manifest, **described,
                    "priority_classes": priority.classes if priority else None,
                    "libraries": library_versions()}
        (partial / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial.rename(final)  # a reader never sees half a version
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return TriageModel.objects.create(
        version=version, created_at=created, examples=int(manifest.get("examples", 0)),
        metrics=manifest.get("metrics", {}),
    )


def activate(version: str) -> None:
    with transaction.atomic():
        row = TriageModel.objects.select_for_update().get(version=version)
        TriageModel.objects.filter(active=True).exclude(pk=row.pk).update(active=False)
        TriageModel.objects.filter(pk=row.pk).update(active=True)
        _cache.touch()


def read_manifest(version: str) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((version_dir(version) / MANIFEST_FILE).read_text())
    if manifest.get("format") != FORMAT or manifest.get("version") != version:
        raise ModelFilesError(f"{version}: unknown format or a manifest of another version")
    return manifest


def load(version: str) -> LoadedModel:
    """Read a stored version's files (only ours: see the module docstring)."""
    try:
        manifest = read_manifest(version)
        classifier, arrays = Classifier.load(version_dir(version), manifest)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelFilesError(f"{version}: {exc}") from exc
    priority = PriorityModel.from_arrays(arrays, manifest.get("priority_classes"))
    return LoadedModel(version, classifier, priority, manifest)


@dataclass
class Active:
    """What a process holds: the active model, or None before any was trained."""

    model: LoadedModel | None


def _load_active() -> Active:
    version = TriageModel.objects.filter(active=True).values_list("version", flat=True).first()
    if version is None:
        return Active(None)
    try:
        return Active(load(version))
    except ModelFilesError:
        # Files lost or unreadable (a machine without the shared data
        # directory): suggest with keywords rather than fail every report.
        log.exception("triage model %s could not be loaded", version)
        return Active(None)


def active_cache() -> SharedCache[Active]:
    """A cache of the active model; each process uses the module's one (``active``)."""
    return SharedCache(TriageModelRevision, _load_active)


_cache = active_cache()


def active() -> LoadedModel | None:
    return _cache.get().model


def versions() -> list[TriageModel]:
    return list(TriageModel.objects.order_by("-created_at"))
