"""Figures about the city's work: cockpit KPIs, department rankings, public statistics.

Plain modules, no HTTP: the web pages (``web.ops``, ``web.public``) only
render what these compute. Every figure is aggregated in the database over
indexed filters (``created_at``, ``status``/``due_at``, ``status``/``resolved_at``,
``CaseEvent.at``), so a city with a million cases keeps a fast cockpit; see
``sql.py`` for how medians are taken on PostgreSQL and on SQLite.

Days and months are the city's (``settings.TIME_ZONE``), see ``periods.py``.
"""
