"""Sensor rules as data: a rule watches datastreams, an alert opens or updates a case.

- ``models``: Rule, RuleState (one per rule and datastream), Alert;
- ``levels``: the warning levels blue < yellow < orange < red and hysteresis;
- ``readings``: what rules read (rollups and the latest value, never raw observations);
- ``kinds``: the built-in rule kinds, registered on ``registry.rule_kinds``;
- ``alerts``: a change of level turned into case actions (submit / lifecycle);
- ``loader``: rules from YAML (``cityloop load-rules``).
"""
