"""The user's keys folder and the log are theirs alone, whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from hksh_packager.core.common import logs
from hksh_packager.core.common.paths import HOME_ENV, keys_dir
from hksh_packager.core.common.userfiles import ensure_folder

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def open_umask():  # type: ignore[no-untyped-def]
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_the_keys_folder_is_private_under_umask_000(open_umask: None) -> None:
    folder = ensure_folder(keys_dir(), "keys")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_log_and_its_rotations_are_private_under_umask_000(
    open_umask: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.configure_logging()
    assert path is not None
    logger = logging.getLogger("hksh_packager.test")
    for index in range(200):  # past the size limit: rotated files too
        logger.info("line %d %s", index, "x" * 50)
    files = sorted(path.parent.glob(path.name + "*"))
    assert len(files) > 1
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
