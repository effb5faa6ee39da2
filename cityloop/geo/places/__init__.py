"""The gazetteer: named places (roads, addresses, landmarks) to find by name and near a pin.

``models`` holds the ``Place`` rows, ``readers`` turns GeoJSON and
OpenAddresses files into them, ``importer`` writes them, ``words`` is the
search text, and ``search`` the in-memory index every process answers from.
"""
