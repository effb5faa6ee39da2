"""The demo city's residents taking part: a district budget, proposals, a map survey."""
