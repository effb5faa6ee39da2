"""The city's own base map, served by CityLoop at ``/basemap/`` (docs/deploy.md).

Vector tiles in GeoJSON: for a slippy-map tile at one of a few zoom bands,
the water, parks, roads and landmarks inside it, simplified for the band
and with their names in the asked language. The browser draws them with
Leaflet's canvas renderer and places the labels itself
(``static/cityloop/basemap.js``), so no font is needed on the server and
Chinese and English labels are drawn by the reader's own fonts.

``data`` reads the base-map files (OpenStreetMap tags, in
``CITYLOOP_BASEMAP_DIR``) once per process, ``tiles`` cuts a tile from them,
``views`` answers HTTP.
"""
