"""Where the application keeps user data, logs and its shipped files."""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path

import platformdirs

from hksh_packager import APP_NAME

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


@cache
def shipped_dir(name: str) -> Path:
    """Where a folder the application ships (`schemas` or `resources`) is, in all three cases:
    a frozen app (PyInstaller unpacks it beside the code), an installed wheel (package data inside
    hksh_packager), or the source tree (editable installs and checkouts: beside desktop/)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / name
    packaged = Path(str(resources.files("hksh_packager"))) / name
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[4] / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"the application's {name} folder is missing from {packaged}")


def schemas_dir() -> Path:
    return shipped_dir("schemas")


def resources_dir() -> Path:
    return shipped_dir("resources")


# A catalogue entry's id names its city and its file: schemas/datasets/<city>/<id>.json.
CATALOGUE_ID = re.compile(r"^(hk|sh)\.[a-z0-9][a-z0-9._-]*$")


def catalogue_city(entry_id: object) -> str | None:
    """The city a catalogue id names by its prefix ("hk." Hong Kong, "sh." Shanghai), as
    submission.json writes cities; None for anything else."""
    prefix = entry_id.split(".", 1)[0] if isinstance(entry_id, str) else ""
    return {"hk": "Hong Kong", "sh": "Shanghai"}.get(prefix)


def catalogue_path(entry_id: str) -> Path:
    """Where the shipped schema of a catalogue entry is (it may not exist: check the id first)."""
    city = entry_id.split(".", 1)[0]
    return schemas_dir() / "datasets" / city / f"{entry_id}.json"
