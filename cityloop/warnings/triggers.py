"""Sensor rules and indicators that propose or publish warnings (WarningTrigger)."""
