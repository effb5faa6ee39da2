from tests.web.basemap.fixtures import basemap, demo_basemap  # noqa: F401
