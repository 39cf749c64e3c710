"""The app's "Validate all": every file in one worker process, each result handed over once, as
soon as it is made, and none lost when the worker's last reports trail its answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import HkshError
from hksh_packager.core.validation.project import validate_entries_isolated, validate_entry


def _entries(project: Path) -> list[dict]:  # type: ignore[type-arg]
    return json.loads((project / "submission.json").read_text("utf-8"))["datasets"]


def test_every_file_is_validated_once_in_order_as_one_by_one(project_copy: Path) -> None:
    entries = _entries(project_copy) * 3  # six files' worth: each answer must come back
    got: list[tuple[str, bool, int]] = []
    validate_entries_isolated(
        project_copy, entries,
        on_result=lambda file, v: got.append((file, v.result.valid, v.result.rows)),
    )  # fmt: skip
    alone = [validate_entry(project_copy, e)[0].result for e in entries]
    assert got == [(e["file"], r.valid, r.rows) for e, r in zip(entries, alone, strict=True)]


def test_a_file_that_cannot_be_read_stops_the_batch_with_its_error(project_copy: Path) -> None:
    entries = _entries(project_copy)
    broken = dict(entries[0], file="data/missing.csv")
    got: list[str] = []
    with pytest.raises(HkshError, match="missing.csv"):
        validate_entries_isolated(project_copy, [entries[1], broken],
                                  on_result=lambda file, v: got.append(file))  # fmt: skip
    assert got in ([], [entries[1]["file"]])  # what was done may or may not have crossed yet
