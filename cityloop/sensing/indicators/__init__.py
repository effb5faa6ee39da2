"""City vital signs: indicators computed on a schedule, with their history.

- ``models``: Indicator, IndicatorValue;
- ``sources``: where values come from, registered on ``registry.indicator_sources``;
- ``compute``: bands, computing due indicators (a periodic job of the worker);
- ``loader``: indicators from YAML (``cityloop load-indicators``).
"""
