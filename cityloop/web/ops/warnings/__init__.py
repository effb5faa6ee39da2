"""The cockpit's warning composer (/ops/warnings/): drafts, preview, publish, update and
cancel, for staff with the duty officer's permission (docs/warnings.md)."""
