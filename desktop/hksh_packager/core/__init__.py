"""Everything the product does, with no Qt import: the GUI and the CLI are thin layers over this."""
