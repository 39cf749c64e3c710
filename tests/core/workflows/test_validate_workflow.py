"""Validating in this process (the app's own files, no budget): reading starts before the checks
load, and whatever stops the work, no reader is left running or holding the file. In workers: the
schema is checked by the caller while the first worker reads, and its verdict is the one said."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest

from hksh_packager.core.common.errors import Cancelled, SchemaProblem
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


def _workers() -> set[int]:
    """This process's children, but for multiprocessing's resource tracker (kept for its life)."""
    return {
        child.pid
        for child in psutil.Process().children()
        if "resource_tracker" not in " ".join(child.cmdline())
    }


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


# -- with workers: the schema is checked here while the first worker reads ----------------------
@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"properties": {"id": {"type": "integr"}}}, "invalid JSON Schema at /properties/id/type"),
        # A worker given this schema unchecked fails its own way; the check's message is the one.
        ({"properties": {"id": {"minimum": "zero"}}},
         "invalid JSON Schema at /properties/id/minimum"),
        ({"properties": {"id": {"$ref": "missing.json"}}},
         "$ref at /properties/id points to missing.json, which cannot be found"),
    ],
)  # fmt: skip
def test_a_schema_that_cannot_be_used_is_said_whatever_the_worker_did(
    tmp_path: Path, rules: dict[str, object], message: str
) -> None:
    data, schema = _files(tmp_path, 1_000)
    schema.write_text(json.dumps({**SCHEMA, **rules}), "utf-8")
    before = _workers()
    with pytest.raises(SchemaProblem) as caught:
        validate_files([data, data], str(schema), single_threaded_caller=True)
    assert str(schema) in str(caught.value) and message in str(caught.value)
    assert _workers() <= before  # the worker was stopped with it


def test_a_schema_that_cannot_be_used_is_said_with_no_file_to_check(tmp_path: Path) -> None:
    _, schema = _files(tmp_path, 1)
    schema.write_text(json.dumps({**SCHEMA, "properties": {"id": {"type": "integr"}}}), "utf-8")
    for seconds in (None, 60.0):  # in this process, and with workers
        with pytest.raises(SchemaProblem, match="invalid JSON Schema at /properties/id/type"):
            validate_files([], str(schema), seconds_per_file=seconds)


def test_a_worker_follows_a_ref_to_a_file_beside_the_schema(tmp_path: Path) -> None:
    data, schema = _files(tmp_path, 1_000)
    (tmp_path / "common.json").write_text('{"$defs": {"id": {"type": "integer", "maximum": 9}}}')
    schema.write_text(
        json.dumps({**SCHEMA, "properties": {"id": {"$ref": "common.json#/$defs/id"}}})
    )
    [result] = validate_files([data], str(schema), single_threaded_caller=True)
    assert result.invalid_rows == 990 and {e.keyword for e in result.errors} == {"maximum"}


WORKER_LOADS = """
import json, sys
from pathlib import Path
from hksh_packager.core.common.progress import CancelToken, no_progress
from hksh_packager.core.workflows.validate import DETECT, _validate_file
result = _validate_file(Path(sys.argv[1]), sys.argv[2], DETECT, 100, progress=no_progress,
                        cancel=CancelToken())
print(json.dumps([result.rows, "jsonschema" in sys.modules]))
"""


def test_a_worker_loads_jsonschema_only_for_what_the_engine_leaves_to_it(tmp_path: Path) -> None:
    """Its parent checks the schema while it reads; jsonschema's import is a tenth of a second."""
    data = tmp_path / "readings.csv"
    rows = "1,北區,CE034,2026-07-21,16.5,良好\n2,南區,CS00,2026-02-30,N/A,\n"
    data.write_text("id,district,station,date,pm25,remark\n" + rows, "utf-8")
    columns = {
        "id": {"type": "integer", "minimum": 0},
        "district": {"enum": ["北區", "南區"]},
        "station": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{3}$"},
        "date": {"type": "string", "format": "date"},
        "pm25": {"type": ["number", "null"], "maximum": 500},
        "remark": {"type": "string", "maxLength": 40},
    }

    def loads(properties: dict[str, object]) -> list[object]:
        schema = tmp_path / "s.json"
        schema.write_text(json.dumps({**SCHEMA, "properties": properties}), "utf-8")
        command = [sys.executable, "-c", WORKER_LOADS, str(data), str(schema)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return list(json.loads(done.stdout.strip().splitlines()[-1]))

    assert loads(columns) == [2, False]
    # The peers: a rule the engine leaves to jsonschema, and a format it has no test of its own for
    assert loads({**columns, "remark": {"anyOf": [{"type": "string"}]}}) == [2, True]
    assert loads({**columns, "remark": {"format": "ipv4"}}) == [2, True]
