"""The licences of the libraries the app is made of, read from their own package metadata (never
typed by hand): from the installed distributions when run from source, and from the list the
build wrote (`licences.json` in the app's resources) when frozen, where that metadata is gone."""

from __future__ import annotations

import json
import platform
import re
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from hksh_packager.core.common.paths import resources_dir

DISTRIBUTION = "hksh-packager"
FILE_NAME = "licences.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    licence: str
    home: str


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    return str(meta[name]) if name in meta else ""


def _licence_of(meta: metadata.PackageMetadata) -> str:
    """The SPDX expression where the package gives one, else its License field when short, else
    its licence classifiers."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    text = _field(meta, "License").strip()
    if text and len(text) <= 120 and "\n" not in text:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]  # fmt: skip
    return "; ".join(classifiers) or ("see the package's licence file" if text else "not stated")


def _home_of(meta: metadata.PackageMetadata) -> str:
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "source code"):
            return url.strip()
    return _field(meta, "Home-page")


def _requirements(name: str) -> list[str]:
    """The names `name` needs to run (extras and other platforms' markers left out)."""
    try:
        requires = metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for requirement in requires:
        spec, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        found = _NAME.match(spec.strip())
        if found:
            names.append(found.group(0))
    return names


def installed_licences(root: str = DISTRIBUTION) -> list[Licence]:
    """Every distribution `root` needs to run, directly or not, with its licence, and the Python
    that runs them; sorted by name."""
    python = Licence("Python", platform.python_version(), "PSF-2.0", "https://www.python.org")
    seen: dict[str, Licence] = {"python": python}
    todo = _requirements(root)
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform
        meta = distribution.metadata
        seen[key] = Licence(meta["Name"], distribution.version, _licence_of(meta), _home_of(meta))
        todo += _requirements(name)
    return sorted(seen.values(), key=lambda licence: licence.name.lower())


def write_licences(path: Path) -> None:
    """At build time: the list for the frozen app, which has no package metadata to read."""
    Path(path).write_text(
        json.dumps([asdict(item) for item in installed_licences()], indent=1) + "\n", "utf-8"
    )


def bundled_licences() -> list[Licence]:
    """The libraries of this app as it runs: the build's list when there is one."""
    built = resources_dir() / FILE_NAME
    if built.is_file():
        return [Licence(**item) for item in json.loads(built.read_text("utf-8"))]
    return installed_licences()
