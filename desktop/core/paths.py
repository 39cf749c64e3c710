"""Where the application keeps user data, logs and its shipped files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from desktop import APP_NAME

HOME_ENV = "HKSH_HOME"


def user_data_dir() -> Path:
    """The folder for keys, settings and trust lists; `HKSH_HOME` moves it (scripts, tests, CI)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def keys_dir() -> Path:
    return user_data_dir() / "keys"


def install_root() -> Path:
    """The folder holding `schemas/` and `resources/`: the source tree, or PyInstaller's bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def schemas_dir() -> Path:
    return install_root() / "schemas"


def resources_dir() -> Path:
    return install_root() / "resources"
