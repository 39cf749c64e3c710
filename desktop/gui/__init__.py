"""The Qt windows: thin layers over `hksh_packager.core`; long work runs off the GUI thread."""
