"""The Qt windows: thin layers over `desktop.core`; long work runs off the GUI thread."""
