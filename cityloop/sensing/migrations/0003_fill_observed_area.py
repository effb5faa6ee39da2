"""Fill Datastream.observedArea (OGC 18-088 §8.2.4) for observations stored before ingest
kept it: the convex hull of each datastream's FeaturesOfInterest (``ingest.area``)."""

from typing import Any

from django.db import migrations


def fill(apps: Any, schema_editor: Any) -> None:
    from cityloop.sensing.ingest.area import fill_all

    fill_all(apps.get_model("sensing", "Datastream").objects,
             apps.get_model("sensing", "Observation").objects,
             apps.get_model("sensing", "FeatureOfInterest").objects)


class Migration(migrations.Migration):
    dependencies = [("sensing", "0002_rules_alerts_indicators")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
