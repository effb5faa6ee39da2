"""Possible duplicates: the ``similar`` finder (``similar``) and its measure on a
city's history (``evaluation``)."""
