"""The bundled datasets: the validation report is there, and checking again gives the same result.

Re-validation extracts each dataset and the bundled schemas into a private temporary folder (the
readers work on files), runs the same engine, and compares what must repeat exactly.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.bundle import bag
from hksh_packager.core.bundle.layout import REPORT_MEMBER, SCHEMAS_FOLDER, bundle_member
from hksh_packager.core.bundle.report_format import load_report, result_signature
from hksh_packager.core.common.errors import Cancelled, HkshError, MemberError
from hksh_packager.core.common.progress import (
    CancelToken,
    ProgressCallback,
    as_step,
    no_progress,
)
from hksh_packager.core.verify.report import Check
from hksh_packager.core.verify.state import VerifyState

MAX_REPORT_SIZE = 64 << 20


def _extract(state: VerifyState, name: str, folder: Path, cancel: CancelToken) -> Path:
    target = folder / PurePosixPath(name).name
    with target.open("wb") as handle:
        for piece in state.archive.chunks(state.members[name]):
            cancel.raise_if_cancelled()
            handle.write(piece)
    return target


def _stage(callback: ProgressCallback, stage: str) -> ProgressCallback:
    if callback is no_progress:
        return no_progress
    return lambda progress: callback(replace(progress, stage=stage))


def _describe(signature: dict[str, Any]) -> str:
    state = "valid" if signature["valid"] else "invalid"
    return f"{state}, {signature['rows']} rows, {signature['error_count']} errors"


def _revalidate(
    state: VerifyState,
    entry: dict[str, Any],
    folder: Path,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> dict[str, Any]:
    from hksh_packager.core.datasets.tables import open_table  # pandas is loaded only when needed
    from hksh_packager.core.validation.engine import validate_table
    from hksh_packager.core.validation.schema import load_schema

    data = _extract(state, entry["file"], folder, cancel)
    schema = load_schema(folder / "schemas" / PurePosixPath(entry["schema"]).name)
    options = {k: v for k, v in entry.get("options", {}).items() if isinstance(v, str)}
    table = open_table(data, **options)
    cancel.raise_if_cancelled()
    return validate_table(table, schema, progress=progress, cancel=cancel).to_json()


def check_datasets(
    state: VerifyState,
    submission: dict[str, Any] | None,
    allow_invalid: bool,
    revalidate: bool,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> list[str]:
    """Report problems into `state`; return notes for the reader (declared invalid data).
    Re-validation reports its progress as "re-validating", dataset i of n, and stops with
    Cancelled when `cancel` is set."""
    cancel = cancel or CancelToken()
    member = state.members.get(REPORT_MEMBER)
    if member is None:
        state.problem(Check.DATASETS, REPORT_MEMBER, "is missing; every bundle has one")
        return []
    try:
        report = load_report(state.archive.read(member, MAX_REPORT_SIZE))
    except MemberError as exc:
        state.problem(Check.ARCHIVE, REPORT_MEMBER, str(exc))
        return []
    except (ValueError, UnicodeDecodeError) as exc:
        state.problem(Check.DATASETS, REPORT_MEMBER, f"cannot be read: {exc}")
        return []
    entries: dict[str, dict[str, Any]] = {
        e["file"]: e
        for e in report.get("datasets", [])
        if isinstance(e, dict) and isinstance(e.get("file"), str)
    }
    if submission is not None:
        for dataset in submission.get("datasets", []):
            name = bundle_member("datasets", dataset["file"])
            if name not in entries:
                state.problem(Check.DATASETS, name, f"has no result in {REPORT_MEMBER}")
    notes: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="hksh-verify-"))
    try:
        schemas = folder / "schemas"
        schemas.mkdir()
        for member_name in state.members if revalidate else ():
            if member_name.startswith(SCHEMAS_FOLDER):
                _extract(state, member_name, schemas, cancel)
        ordered = sorted(entries.items())
        for step, (name, entry) in enumerate(ordered, start=1):
            step_progress = as_step(_stage(progress, "re-validating"), step, len(ordered))
            notes += _check_entry(
                state, name, entry, folder, allow_invalid, revalidate, step_progress, cancel
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return notes


def _check_entry(
    state: VerifyState,
    name: str,
    entry: dict[str, Any],
    folder: Path,
    allow_invalid: bool,
    revalidate: bool,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> list[str]:
    for field in ("file", "schema"):
        if entry.get(field) not in state.members:
            state.problem(
                Check.DATASETS, name, f"its {field} {entry.get(field)} is not in the bundle"
            )
            return []
    recorded_sha256 = entry.get("sha256")
    if recorded_sha256 is not None and state.digests.get(entry["file"]) != recorded_sha256:
        state.problem(
            Check.DATASETS,
            name,
            f"its SHA-256 in {REPORT_MEMBER} is not the one in {bag.MANIFEST}: the report "
            "describes other bytes than the bundled file",
        )
        return []
    try:
        recorded = result_signature(entry["result"])
    except (KeyError, TypeError):
        state.problem(Check.DATASETS, name, f"its result in {REPORT_MEMBER} is incomplete")
        return []
    if revalidate:
        try:
            again = result_signature(_revalidate(state, entry, folder, progress, cancel))
        except Cancelled:
            raise
        except (HkshError, MemberError) as exc:
            state.problem(Check.DATASETS, name, f"cannot be validated again: {exc}")
            return []
        if again != recorded:
            changed = sorted(k for k in recorded if recorded[k] != again[k])
            state.problem(
                Check.DATASETS,
                name,
                f"checking again gives {_describe(again)}, but the bundled report says "
                f"{_describe(recorded)} (differs in: {', '.join(changed)})",
            )
            return []
    if recorded["valid"]:
        return []
    if not allow_invalid:
        state.problem(
            Check.DATASETS,
            name,
            f"fails validation ({recorded['error_count']} errors) and the bundle does not "
            f"declare HKSH-Allow-Invalid in {bag.BAG_INFO}",
        )
        return []
    counts = json.dumps(recorded["error_counts"], ensure_ascii=False)
    return [f"{name} fails validation, as the team declared when packing: {counts}"]
