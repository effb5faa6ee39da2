"""One case in the console: what its page shows (``page``) and the views that
show it and take its actions (``views``)."""
