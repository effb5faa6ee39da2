"""Public warnings: CAP 1.2 alerts to the residents of the city's areas (docs/warnings.md)."""
