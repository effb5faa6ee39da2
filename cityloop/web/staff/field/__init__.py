"""Work away from the desk: an officer's assignments nearest first
(``assignments``) and filing a case for a caller (``new``); their pages in ``views``."""
