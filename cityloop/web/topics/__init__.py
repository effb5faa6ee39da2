"""Pages of the triage app's hot topics (``cityloop.triage.topics``)."""
