"""Write the demo geography's GeoJSON files (see the package's docstring)."""

from __future__ import annotations

from cityloop.demo.geography.build import main

main()
