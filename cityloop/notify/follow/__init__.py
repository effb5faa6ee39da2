"""Following a report, an area or a radius by email (double opt-in), and the
messages a follower gets: one per public change, or one digest a day."""
