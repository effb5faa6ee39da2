"""The ``$filter`` and ``$orderby`` language of OGC 18-088 §9.3.3.5 (OData 4 URL
conventions): tokens (``lexer``), the syntax tree (``syntax``), the parser, constant
folding, and the compiler to Django query expressions (``compile``, with the
geospatial functions in ``geocompile`` and the others in ``functions``).
It knows the entity model through ``sensing.api.schema`` and nothing of HTTP."""
