"""The bundled datasets: the validation report is there and well formed, and checking again gives
the same result.

Everything here reads what a stranger wrote, after integrity holds: a good signature proves who
packed the bundle, not that its content is harmless. The report is checked against a schema of its
own before any of it is used; a catalogue id is looked up in this computer's catalogue, and the data
is checked against that copy, never the bundle's; datasets are extracted within a byte budget into
a private temporary folder, removed whatever happens.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.bundle_layout import REPORT_MEMBER, bundle_member
from hksh_packager.core.common.errors import (
    Cancelled,
    HkshError,
    InputError,
    MemberError,
    TimeLimitReached,
)
from hksh_packager.core.common.jsonpointer import format_pointer
from hksh_packager.core.common.jsontext import parse_json
from hksh_packager.core.common.paths import CATALOGUE_ID, catalogue_path
from hksh_packager.core.common.progress import (
    CancelToken,
    DeadlineToken,
    ProgressCallback,
    as_step,
    no_progress,
)
from hksh_packager.core.common.shipped_schemas import shipped_validator
from hksh_packager.core.validation.report_format import result_signature
from hksh_packager.core.verify.report import Check
from hksh_packager.core.verify.safezip import DEFAULT_LIMITS, Limits
from hksh_packager.core.verify.state import VerifyState

log = logging.getLogger(__name__)

MAX_REPORT_SIZE = 64 << 20
REPORT_SCHEMA = "validation-report.schema.json"


def _read_report(state: VerifyState) -> dict[str, Any] | None:
    """The bundled report if it is there and matches its schema; otherwise report why."""
    member = state.members.get(REPORT_MEMBER)
    if member is None:
        state.problem(Check.DATASETS, REPORT_MEMBER, "is missing; every bundle has one")
        return None
    try:
        data = state.archive.read(member, MAX_REPORT_SIZE)
        document = parse_json(data.decode("utf-8"), "")
    except MemberError as exc:
        state.problem(Check.ARCHIVE, REPORT_MEMBER, str(exc))
        return None
    except UnicodeDecodeError as exc:
        state.problem(Check.DATASETS, REPORT_MEMBER, f"is not UTF-8 text (byte {exc.start})")
        return None
    except InputError as exc:
        state.problem(Check.DATASETS, REPORT_MEMBER, str(exc))
        return None
    errors = sorted(
        shipped_validator(REPORT_SCHEMA).iter_errors(document), key=lambda e: list(map(str, e.path))
    )
    for error in errors[:20]:
        where = format_pointer(error.absolute_path) or "/"
        state.problem(
            Check.DATASETS, REPORT_MEMBER, f"is not a valid report: at {where}: {error.message}"
        )
    return None if errors else document


def _declared(submission: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The datasets submission.json names, by their member in the bag."""
    if submission is None:
        return {}
    return {bundle_member("datasets", d["file"]): d for d in submission.get("datasets", [])}


def check_datasets(
    state: VerifyState,
    submission: dict[str, Any] | None,
    allow_invalid: bool,
    revalidate: bool,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[str]:
    """Report problems into `state`; return notes for the reader (declared invalid data, a bundled
    catalogue schema that differs from this computer's). Re-validation reports its progress as
    "re-validating", dataset i of n, and stops with Cancelled when `cancel` is set."""
    cancel = cancel or CancelToken()
    report = _read_report(state)
    if report is None:
        return []
    entries = {entry["file"]: entry for entry in report["datasets"]}
    declared = _declared(submission)
    for name in sorted(set(declared) - set(entries)):
        state.problem(Check.DATASETS, name, f"has no result in {REPORT_MEMBER}")
    for name in sorted(set(entries) - set(declared)):
        state.problem(
            Check.DATASETS, name, f"has a result in {REPORT_MEMBER} but submission.json does not "
            "name it as a dataset",
        )  # fmt: skip
    checked = sorted((n, e) for n, e in entries.items() if n in declared)
    if revalidate and not _within_budget(state, checked, limits):
        return []
    notes: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="hksh-verify-"))
    budget = DeadlineToken(cancel, limits.max_revalidate_seconds)
    try:
        for step, (name, entry) in enumerate(checked, start=1):
            step_progress = as_step(progress, step, len(checked), "re-validating")
            notes += _check_entry(
                state, name, entry, declared[name], folder / str(step), allow_invalid,
                revalidate, step_progress, budget,
            )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return notes


def _within_budget(
    state: VerifyState, checked: list[tuple[str, dict[str, Any]]], limits: Limits
) -> bool:
    """Re-validation writes each dataset to a temporary folder: bound what it may write."""
    total = sum(state.members[n].size for n, _ in checked if n in state.members)
    if total <= limits.max_revalidate_bytes:
        return True
    state.problem(
        Check.DATASETS,
        "",
        f"the datasets hold {total} bytes; re-validation checks at most "
        f"{limits.max_revalidate_bytes} per bundle. Check this bundle's integrity alone "
        "(without re-validation) and its data by hand",
    )
    return False


def _describe(signature: dict[str, Any]) -> str:
    state = "valid" if signature["valid"] else "invalid"
    return f"{state}, {signature['rows']} rows, {signature['error_count']} errors"


def _extract(state: VerifyState, name: str, folder: Path, cancel: CancelToken) -> Path:
    return state.extract(name, folder / PurePosixPath(name).name, cancel)


def _schema_to_check_with(
    state: VerifyState,
    name: str,
    entry: dict[str, Any],
    declared: dict[str, Any],
    folder: Path,
    cancel: CancelToken,
    notes: list[str],
) -> Path | None:
    """The schema file the data is checked against: this computer's catalogue entry for a
    catalogue id, else the bundled custom schema. None (with a problem reported) when neither."""
    catalogue_id = declared.get("catalogue_id")
    if entry["catalogue_id"] != catalogue_id:
        state.problem(
            Check.DATASETS, name, f"{REPORT_MEMBER} gives catalogue id {entry['catalogue_id']} but "
            f"submission.json gives {catalogue_id}",
        )  # fmt: skip
        return None
    if catalogue_id is None:
        return _extract(state, entry["schema"], folder / "schemas", cancel)
    own = catalogue_path(catalogue_id) if CATALOGUE_ID.match(catalogue_id) else None
    if own is None or not own.is_file():
        state.problem(
            Check.DATASETS, name, f"names catalogue id {catalogue_id}, which is not in this "
            "computer's dataset catalogue",
        )  # fmt: skip
        return None
    bundled = state.archive.read(state.members[entry["schema"]], MAX_REPORT_SIZE)
    if bundled != own.read_bytes():
        notes.append(
            f"{name}: the bundled copy of catalogue entry {catalogue_id} differs from this "
            "computer's catalogue; the data was checked against this computer's copy"
        )
    return own


def _revalidate(
    state: VerifyState,
    name: str,
    entry: dict[str, Any],
    schema_file: Path,
    folder: Path,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> dict[str, Any]:
    from hksh_packager.core.validation.engine import validate_table  # the data stack loads here
    from hksh_packager.core.validation.reading import open_for_schema
    from hksh_packager.core.validation.schema import load_schema

    data = _extract(state, name, folder / "datasets", cancel)
    schema = load_schema(schema_file)
    table = open_for_schema(data, schema, **entry["options"])  # options fixed by the report schema
    cancel.raise_if_cancelled()
    return validate_table(table, schema, progress=progress, cancel=cancel).to_json()


def _check_entry(
    state: VerifyState,
    name: str,
    entry: dict[str, Any],
    declared: dict[str, Any],
    folder: Path,
    allow_invalid: bool,
    revalidate: bool,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> list[str]:
    for field in ("file", "schema"):
        if entry[field] not in state.members:
            state.problem(Check.DATASETS, name, f"its {field} {entry[field]} is not in the bundle")
            return []
    recorded_sha256 = entry.get("sha256")
    if recorded_sha256 is not None and state.digests.get(name) != recorded_sha256:
        state.problem(
            Check.DATASETS,
            name,
            f"its SHA-256 in {REPORT_MEMBER} is not the one in {bag.MANIFEST}: the report "
            "describes other bytes than the bundled file",
        )
        return []
    recorded = result_signature(entry["result"])
    notes: list[str] = []
    if revalidate:
        try:
            schema_file = _schema_to_check_with(state, name, entry, declared, folder, cancel, notes)
            if schema_file is None:
                return notes
            again = result_signature(
                _revalidate(state, name, entry, schema_file, folder, progress, cancel)
            )
        except TimeLimitReached as exc:
            state.problem(
                Check.DATASETS, name, f"re-validation {exc}: the datasets of one bundle may take "
                "at most that long to check; check this bundle's data by hand",
            )  # fmt: skip
            return notes
        except Cancelled:
            raise
        except (HkshError, MemberError) as exc:
            state.problem(Check.DATASETS, name, f"cannot be validated again: {exc}")
            return notes
        if again != recorded:
            changed = sorted(k for k in recorded if recorded[k] != again[k])
            state.problem(
                Check.DATASETS,
                name,
                f"checking again gives {_describe(again)}, but the bundled report says "
                f"{_describe(recorded)} (differs in: {', '.join(changed)})",
            )
            return notes
    if recorded["valid"]:
        return notes
    if not allow_invalid:
        state.problem(
            Check.DATASETS,
            name,
            f"fails validation ({recorded['error_count']} errors) and the bundle does not "
            f"declare HKSH-Allow-Invalid in {bag.BAG_INFO}",
        )
        return notes
    counts = json.dumps(recorded["error_counts"], ensure_ascii=False)
    return [*notes, f"{name} fails validation, as the team declared when packing: {counts}"]
