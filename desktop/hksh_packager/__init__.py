"""HKSH Packager: describe, validate, bundle, sign and verify open-data challenge submissions."""

__version__ = "0.1.0"
APP_NAME = "hksh-packager"  # folders, logs, the keyring service: never changes
DISPLAY_NAME = "HKSH Packager"  # what a window and a menu call the app
