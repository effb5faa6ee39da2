"""Synthetic history of the demo city: a year of reports and what became of them."""
