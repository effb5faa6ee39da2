"""The public warnings: /warnings/, a page and a CAP 1.2 document per warning, the Atom
feed, and the banner on every public page (docs/warnings.md)."""
