"""The sensing app's admin pages, found by Django's admin autodiscovery.

Each sub-feature keeps its pages next to its models: rules, their states
and alerts in ``rules.admin``, vital-sign indicators in ``indicators.admin``,
MultiDatastreams and their ordered ObservedProperties in ``admin_multidatastreams``;
importing them registers them.
"""

from cityloop.sensing import admin_multidatastreams as _multidatastreams_admin  # noqa: F401
from cityloop.sensing.indicators import admin as _indicators_admin  # noqa: F401
from cityloop.sensing.rules import admin as _rules_admin  # noqa: F401
