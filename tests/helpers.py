"""Shared test helpers: real tools on PATH, rewriting bundles member by member."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest


def require_tool(name: str) -> str:
    """The tool's path; skip the test when it is missing, fail instead under HKSH_REQUIRE_TOOLS."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("HKSH_REQUIRE_TOOLS"):
            pytest.fail(f"{name} is required (HKSH_REQUIRE_TOOLS is set) but not on PATH")
        pytest.skip(f"{name} is not installed")
    return path


def read_members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_members(path: Path, members: dict[str, bytes]) -> Path:
    """A plain zip of `members` in the given order (how a tamperer would re-zip a bundle)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
