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
from hksh_packager.core.common.messages import Message, define, define_plural
from hksh_packager.core.common.paths import CATALOGUE_ID, catalogue_path
from hksh_packager.core.common.progress import (
    CancelToken,
    DeadlineToken,
    ProgressCallback,
    as_step,
    no_progress,
)
from hksh_packager.core.common.shipped_schemas import shipped_validator
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.validation.report_format import result_signature
from hksh_packager.core.verify.report import Check
from hksh_packager.core.verify.safezip import DEFAULT_LIMITS, Limits
from hksh_packager.core.verify.state import VerifyState

log = logging.getLogger(__name__)

MAX_REPORT_SIZE = 64 << 20
REPORT_SCHEMA = "validation-report.schema.json"

# Said of the validation report, or of the dataset named before it.
NO_REPORT = define("datasets.no-report", "is missing; every bundle has one")
NOT_UTF8 = define("datasets.not-utf8", "is not UTF-8 text (byte {offset})")
NOT_A_REPORT = define("datasets.not-a-report", "is not a valid report: at {where}: {problem}")
NO_RESULT = define("datasets.no-result", "has no result in {report}")
NOT_DECLARED = define(
    "datasets.not-declared",
    "has a result in {report} but submission.json does not name it as a dataset",
)
OVER_BUDGET = define(
    "datasets.over-budget", "the datasets hold {size} bytes; re-validation checks at most {limit} "
    "per bundle. Check this bundle's integrity alone (without re-validation) and its data by hand"
)  # fmt: skip
RESULT = define("datasets.result", "{validity}, {rows} rows, {errors} errors")
VALID = define("datasets.valid", "valid")
INVALID = define("datasets.invalid", "invalid")
OTHER_CATALOGUE_ID = define(
    "datasets.other-catalogue-id", "{report} gives catalogue id {reported} but submission.json "
    "gives {declared}"
)  # fmt: skip
UNKNOWN_CATALOGUE_ID = define(
    "datasets.unknown-catalogue-id",
    "names catalogue id {entry}, which is not in this computer's dataset catalogue",
)
OTHER_COPY = define(
    "datasets.other-copy", "{file}: the bundled copy of catalogue entry {entry} differs from this "
    "computer's catalogue; the data was checked against this computer's copy"
)  # fmt: skip
NOT_BUNDLED = define("datasets.not-bundled", "its {field} {file} is not in the bundle")
OTHER_BYTES = define(
    "datasets.other-bytes", "its SHA-256 in {report} is not the one in {manifest}: the report "
    "describes other bytes than the bundled file"
)  # fmt: skip
TOO_SLOW = define(
    "datasets.too-slow", "re-validation stopped after its time limit of {seconds:.0f} s: the "
    "datasets of one bundle may take at most that long to check; check this bundle's data by hand"
)  # fmt: skip
NOT_AGAIN = define("datasets.cannot-validate", "cannot be validated again: {reason}")
DIFFERENT = define(
    "datasets.different", "checking again gives {again}, but the bundled report says {recorded} "
    "(differs in: {changed})"
)  # fmt: skip
NOT_ALLOWED = define(
    "datasets.invalid-not-allowed", "fails validation ({count} errors) and the bundle does not "
    "declare HKSH-Allow-Invalid in {bag_info}"
)  # fmt: skip
DECLARED_INVALID = define_plural(
    "datasets.declared-invalid-errors", "{file} fails validation with {count} error, as the team "
    "declared when packing: {counts}", "{file} fails validation with {count} errors, as the team "
    "declared when packing: {counts}",
)  # fmt: skip
ERROR_COUNT = define("datasets.error-count", "{column}: {rule} x{count}")
ROW_ERROR_COUNT = define("datasets.row-error-count", "{rule} x{count}")


TEAM_OPTIONS = define_plural(
    "datasets.team-options", "{file} is read with the team's own options ({options}); {count} "
    "row is left out as not data", "{file} is read with the team's own options ({options}); "
    "{count} rows are left out as not data",
)  # fmt: skip
LEFT_OUT_REASONS = {"skipped.first-column-matches", "skipped.column-matches", "skipped.note",
                    "skipped.above-header"}  # fmt: skip


def _team_options(name: str, options: dict[str, Any], result: dict[str, Any]) -> list[Message]:
    """What judges should know of how the team had its data read: options that choose the
    header or leave rows out can hide rows, so they are named, with how many rows they leave."""
    chosen = [f"{key}={json.dumps(value, ensure_ascii=False)}" for key, value in options.items()
              if key in ("skip_rows", "header_row", "header_rows")]  # fmt: skip
    if not chosen:
        return []
    left = sum(int(s.get("count", 0)) for s in result.get("skipped_rows", [])
               if s.get("reason_id") in LEFT_OUT_REASONS)  # fmt: skip
    return [TEAM_OPTIONS(file=name, options=[escape_text(c[:300]) for c in chosen], count=left)]


def _error_count(count: dict[str, Any]) -> Message:
    """One line of a bundled result's counts ({column, keyword, count}), its text escaped."""
    rule, number = escape_text(str(count["keyword"])[:50]), int(count["count"])
    if count.get("column"):
        return ERROR_COUNT(column=escape_text(str(count["column"])[:200]), rule=rule, count=number)
    return ROW_ERROR_COUNT(rule=rule, count=number)


def _read_report(state: VerifyState) -> dict[str, Any] | None:
    """The bundled report if it is there and matches its schema; otherwise report why."""
    member = state.members.get(REPORT_MEMBER)
    if member is None:
        state.problem(Check.DATASETS, REPORT_MEMBER, NO_REPORT())
        return None
    try:
        data = state.archive.read(member, MAX_REPORT_SIZE)
        document = parse_json(data.decode("utf-8"), "")
    except MemberError as exc:
        state.problem(Check.ARCHIVE, REPORT_MEMBER, exc.said)
        return None
    except UnicodeDecodeError as exc:
        state.problem(Check.DATASETS, REPORT_MEMBER, NOT_UTF8(offset=exc.start))
        return None
    except InputError as exc:
        state.problem(Check.DATASETS, REPORT_MEMBER, _said(exc))
        return None
    errors = sorted(
        shipped_validator(REPORT_SCHEMA).iter_errors(document), key=lambda e: list(map(str, e.path))
    )
    for error in errors[:20]:
        where = format_pointer(error.absolute_path) or "/"
        state.problem(
            Check.DATASETS, REPORT_MEMBER, NOT_A_REPORT(where=where, problem=error.message)
        )
    return None if errors else document


def _said(exc: HkshError) -> Message | str:
    """An error's message by code; in English when it has lines under it (no such error is
    expected here, and its lines are not lost)."""
    return str(exc) if exc.listed else exc.said


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
) -> list[Message | str]:
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
        state.problem(Check.DATASETS, name, NO_RESULT(report=REPORT_MEMBER))
    for name in sorted(set(entries) - set(declared)):
        state.problem(Check.DATASETS, name, NOT_DECLARED(report=REPORT_MEMBER))
    checked = sorted((n, e) for n, e in entries.items() if n in declared)
    if revalidate and not _within_budget(state, checked, limits):
        return []
    notes: list[Message | str] = []
    folder = Path(tempfile.mkdtemp(prefix="hksh-verify-"))
    budget = DeadlineToken(cancel, limits.max_revalidate_seconds)
    try:
        for step, (name, entry) in enumerate(checked, start=1):
            step_progress = as_step(progress, step, len(checked), "re-validating")
            notes += _check_entry(
                state, name, entry, declared[name], folder / str(step), allow_invalid,
                revalidate, step_progress, budget, limits.max_revalidate_seconds,
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
    state.problem(Check.DATASETS, "", OVER_BUDGET(size=total, limit=limits.max_revalidate_bytes))
    return False


def _describe(signature: dict[str, Any]) -> Message:
    validity = VALID() if signature["valid"] else INVALID()
    return RESULT(validity=validity, rows=signature["rows"], errors=signature["error_count"])


def _extract(state: VerifyState, name: str, folder: Path, cancel: CancelToken) -> Path:
    return state.extract(name, folder / PurePosixPath(name).name, cancel)


def _schema_to_check_with(
    state: VerifyState,
    name: str,
    entry: dict[str, Any],
    declared: dict[str, Any],
    folder: Path,
    cancel: CancelToken,
    notes: list[Message | str],
) -> Path | None:
    """The schema file the data is checked against: this computer's catalogue entry for a
    catalogue id, else the bundled custom schema. None (with a problem reported) when neither."""
    catalogue_id = declared.get("catalogue_id")
    if entry["catalogue_id"] != catalogue_id:
        said = OTHER_CATALOGUE_ID(
            report=REPORT_MEMBER, reported=entry["catalogue_id"], declared=catalogue_id
        )
        state.problem(Check.DATASETS, name, said)
        return None
    if catalogue_id is None:
        return _extract(state, entry["schema"], folder / "schemas", cancel)
    own = catalogue_path(catalogue_id) if CATALOGUE_ID.match(catalogue_id) else None
    if own is None or not own.is_file():
        state.problem(Check.DATASETS, name, UNKNOWN_CATALOGUE_ID(entry=catalogue_id))
        return None
    bundled = state.archive.read(state.members[entry["schema"]], MAX_REPORT_SIZE)
    if bundled != own.read_bytes():
        notes.append(OTHER_COPY(file=name, entry=catalogue_id))
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
    from hksh_packager.core.validation.reading import open_for_schema, row_rules_of
    from hksh_packager.core.validation.schema import load_schema

    data = _extract(state, name, folder / "datasets", cancel)
    schema = load_schema(schema_file)
    options = dict(entry["options"])  # their types fixed by the report schema
    table = open_for_schema(data, schema, **options)
    cancel.raise_if_cancelled()
    rules = row_rules_of(options, table)  # each pattern checked for linear time, as the schema's
    return validate_table(table, schema, rules=rules, progress=progress, cancel=cancel).to_json()


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
    seconds: float,
) -> list[Message | str]:
    """`cancel` stops re-validation when the datasets' `seconds` have run out."""
    for field in ("file", "schema"):
        if entry[field] not in state.members:
            state.problem(Check.DATASETS, name, NOT_BUNDLED(field=field, file=entry[field]))
            return []
    recorded_sha256 = entry.get("sha256")
    if recorded_sha256 is not None and state.digests.get(name) != recorded_sha256:
        state.problem(
            Check.DATASETS, name, OTHER_BYTES(report=REPORT_MEMBER, manifest=bag.MANIFEST)
        )
        return []
    recorded = result_signature(entry["result"])
    notes: list[Message | str] = []
    if revalidate:
        try:
            schema_file = _schema_to_check_with(state, name, entry, declared, folder, cancel, notes)
            if schema_file is None:
                return notes
            redone = _revalidate(state, name, entry, schema_file, folder, progress, cancel)
            again = result_signature(redone)
            notes += _team_options(name, entry["options"], redone)
        except TimeLimitReached:
            state.problem(Check.DATASETS, name, TOO_SLOW(seconds=seconds))
            return notes
        except Cancelled:
            raise
        except (HkshError, MemberError) as exc:
            state.problem(Check.DATASETS, name, NOT_AGAIN(reason=_said(exc)))
            return notes
        if again != recorded:
            changed = sorted(k for k in recorded if recorded[k] != again[k])
            state.problem(
                Check.DATASETS,
                name,
                DIFFERENT(again=_describe(again), recorded=_describe(recorded), changed=changed),
            )
            return notes
    if recorded["valid"]:
        return notes
    if not allow_invalid:
        state.problem(
            Check.DATASETS,
            name,
            NOT_ALLOWED(count=recorded["error_count"], bag_info=bag.BAG_INFO),
        )
        return notes
    state.declared_errors += int(recorded["error_count"])
    counts = [_error_count(count) for count in recorded["error_counts"][:20]]
    said = DECLARED_INVALID(file=name, count=int(recorded["error_count"]), counts=counts)
    return [*notes, said]
