"""The triage app's models, each in its sub-feature's ``models`` module; imported
here so Django finds them (they keep the app label ``triage``)."""

from cityloop.triage.classifier.models import TriageModel, TriageModelRevision
from cityloop.triage.hotspots.models import Hotspot, HotspotMember, HotspotScan
from cityloop.triage.topics.models import Topic

__all__ = ["Hotspot", "HotspotMember", "HotspotScan", "Topic", "TriageModel",
           "TriageModelRevision"]
