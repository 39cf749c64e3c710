"""Atomic writes: the target is replaced whole or not at all, with the right permissions, and the
process umask is never changed (another thread's file could be created world-writable then)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hksh_packager.core.common.atomic import atomic_writer, write_text_atomic


def test_write_never_changes_the_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(_: int) -> int:
        raise AssertionError("os.umask was called")

    monkeypatch.setattr(os, "umask", forbidden)
    write_text_atomic(tmp_path / "a.txt", "hello")
    write_text_atomic(tmp_path / "secret.key", "s", mode=0o600)
    assert (tmp_path / "a.txt").read_text() == "hello"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_file_mode_follows_the_umask_and_secrets_are_private(tmp_path: Path) -> None:
    previous = os.umask(0o027)  # the test itself may change it; the code under test must not
    try:
        write_text_atomic(tmp_path / "plain.txt", "x")
        write_text_atomic(tmp_path / "secret.key", "y", mode=0o600)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600


def test_failure_inside_the_block_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
