"""The lock files agree with pyproject.toml: every requirement is pinned, to a version its range
allows, on each Python the project supports (checked with `packaging`, not with the resolver)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(lock: Path) -> list[tuple[str, str, Marker | None]]:
    found = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            found.append((canonicalize_name(name), version, Marker(marker) if marker else None))
    return found


def requirements(extras: list[str]) -> list[Requirement]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    listed = list(project["dependencies"])
    for extra in extras:
        listed += project["optional-dependencies"][extra]
    return [Requirement(text) for text in listed]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("app.lock", []), ("build.lock", ["build"]), ("test.lock", ["test", "build"])],
)
@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
@pytest.mark.parametrize("system", ["Linux", "Windows", "Darwin"])
def test_each_requirement_is_locked_within_its_range(
    lock: str, extras: list[str], python: str, system: str
) -> None:
    platform = {"Linux": "linux", "Windows": "win32", "Darwin": "darwin"}[system]
    environment = {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "platform_system": system,
        "sys_platform": platform,
    }
    locked = pins(ROOT / "requirements" / lock)
    assert locked, f"{lock} holds no pins"
    for requirement in requirements(extras):
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        versions = [
            version
            for name, version, marker in locked
            if name == canonicalize_name(requirement.name)
            and (marker is None or marker.evaluate(environment))
        ]
        assert len(versions) == 1, f"{requirement.name} on {system} {python}: {versions}"
        assert requirement.specifier.contains(versions[0], prereleases=True), (
            f"{lock} pins {requirement.name}=={versions[0]}, outside {requirement}: "
            "run `bash .ci/lock`"
        )
