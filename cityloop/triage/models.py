# Classifier versions, hotspots and hot topics (triage/classifier_models.py,
# triage/hotspot_models.py, triage/topic_models.py).
from cityloop.triage.classifier_models import TriageModel, TriageModelRevision  # noqa: F401
from cityloop.triage.hotspot_models import Hotspot, HotspotMember, HotspotScan  # noqa: F401
from cityloop.triage.topic_models import Topic  # noqa: F401
