"""Validating in this process (the app's own files, no budget): reading starts before the checks
load, and whatever stops the work, no reader is left running or holding the file."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import psutil
import pytest

from hksh_packager.core.common.errors import Cancelled
from hksh_packager.core.common.progress import CancelToken, Progress
from hksh_packager.core.workflows.validate import validate_files

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string", "maxLength": 2}},
}


def _files(tmp_path: Path, rows: int) -> tuple[Path, Path]:
    data, schema = tmp_path / "big.csv", tmp_path / "big.schema.json"
    data.write_text("id,name\n" + "".join(f"{i},n{i % 50}\n" for i in range(rows)), "utf-8")
    schema.write_text(json.dumps(SCHEMA), "utf-8")
    return data, schema


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "prefetch"]


def test_every_row_is_checked_once_in_order(tmp_path: Path) -> None:
    data, schema = _files(tmp_path, 450_000)  # three chunks, read ahead of the checks
    [result] = validate_files([data], str(schema), seconds_per_file=None)
    assert result.rows == 450_000
    # n10 to n49 are too long: 40 rows of every 50; the header is row 1, so i is on row i + 2
    assert result.invalid_rows == 450_000 // 50 * 40
    assert [e.row for e in result.errors[:3]] == [12, 13, 14]
    assert not _readers()


def test_cancelled_midway_no_reader_is_left_holding_the_file(tmp_path: Path) -> None:
    data, schema = _files(tmp_path, 2_500_000)  # more chunks than are ever read ahead
    cancel = CancelToken()

    def progress(_: Progress) -> None:
        cancel.cancel()  # after the first chunk, with more read ahead

    with pytest.raises(Cancelled):
        validate_files([data], str(schema), seconds_per_file=None, progress=progress,
                       cancel=cancel)  # fmt: skip
    assert not _readers()
    assert str(data) not in {f.path for f in psutil.Process().open_files()}
    data.unlink()  # as Windows allows only for a file no one holds open
