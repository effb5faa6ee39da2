"""The staff queue: filters from the query string (``filters``), bulk actions
(``bulk``) and the pages (``views``)."""
