"""The residents' participation pages at ``/participate/`` (cityloop.participation)."""
