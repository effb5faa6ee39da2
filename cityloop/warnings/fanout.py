"""Warnings to subscribers: filled by the subscriptions work (docs/warnings.md)."""
