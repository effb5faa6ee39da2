"""Hotspots: a cluster of reports in space and time opens one incident case
(``detection``; its tables in ``models``, read-only pages in ``admin``)."""
