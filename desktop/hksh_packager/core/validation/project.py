"""Validating a project's datasets before packing; the schemas and the report go into the bundle.

data/reports/validation.json records, for each dataset, the bundled file, the bundled schema, the
read options and the result, so that anyone can repeat the check offline from the bundle alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hksh_packager.core.common.bounded import Budget
from hksh_packager.core.common.bundle_layout import bundle_member, catalogue_schema_member
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.fingerprint import FingerprintWhileReading
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.paths import catalogue_path
from hksh_packager.core.common.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    Unit,
    as_step,
    no_progress,
)
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.datasets.tables import NO_FILE
from hksh_packager.core.submission.project import Project
from hksh_packager.core.validation.engine import validate_table
from hksh_packager.core.validation.freshness import DatasetState, dataset_state
from hksh_packager.core.validation.reading import open_for_schema, row_rules_of
from hksh_packager.core.validation.report_format import (
    DatasetValidation,
    ProjectValidation,
    entry_options,
)
from hksh_packager.core.validation.schema import DatasetSchema, load_schema

log = logging.getLogger(__name__)


UNKNOWN_ENTRY = define(
    "dataset.unknown-entry", "Dataset {file}: catalogue entry {entry} is not in the dataset "
    "catalogue; check the id in submission.json, or give a custom schema file"
)  # fmt: skip


def _schema_for(root: Path, entry: dict[str, Any]) -> tuple[DatasetSchema, str, bytes | None]:
    """The schema, its member in the bundle, and its bytes when it must be added (catalogue)."""
    if "schema" in entry:
        return (
            load_schema(root / entry["schema"]),
            bundle_member("schemas", entry["schema"]),
            None,
        )
    entry_id = entry["catalogue_id"]
    path = catalogue_path(entry_id)
    if not path.is_file():
        raise InputError(UNKNOWN_ENTRY(file=escape_text(str(entry["file"])), entry=entry_id))
    return load_schema(path), catalogue_schema_member(entry_id), path.read_bytes()


def validate_dataset(
    project: Project,
    entry: dict[str, Any],
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[DatasetValidation, bytes | None]:
    """Validate one dataset entry of submission.json; also return the bytes of its catalogue
    schema, which the bundle must carry (None for a custom schema, bundled as a named file)."""
    return validate_entry(project.root, entry, progress=progress, cancel=cancel)


# A team's own file, validated in the app: generous, since it may hold millions of rows, yet a
# file that would stall or exhaust the reader still ends.
OWN_FILE_BUDGET = Budget(seconds=1800.0, memory_bytes=8 << 30)


def validate_entry_isolated(
    root: Path,
    entry: dict[str, Any],
    *,
    budget: Budget = OWN_FILE_BUDGET,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> DatasetValidation:
    """`validate_entry` in a worker process (its result only), within `budget`: for an app,
    whose window must not wait behind the reader's and checker's threads for the interpreter,
    and which must not hang or run out of memory on any file."""
    from hksh_packager.core.common.isolated import run_in_process

    what = f"validating {entry.get('file', 'the dataset')}"
    return run_in_process(
        _entry_result, Path(root), entry, progress=progress, cancel=cancel, budget=budget, what=what
    )


@dataclass(frozen=True)
class EntryValidated(Progress):
    """A finished step of `validate_entries_isolated` carrying its result: it crosses from the
    worker with the progress reports (a finished step is never dropped by throttling)."""

    file: str = ""
    validation: DatasetValidation | None = None


def validate_entries_isolated(
    root: Path,
    entries: Sequence[dict[str, Any]],
    *,
    on_result: Callable[[str, DatasetValidation], None],
    budget: Budget = OWN_FILE_BUDGET,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> None:
    """`validate_entry` for each of `entries`, in one worker process, each result handed to
    `on_result` as soon as it is made. One process for all: starting one per file costs a spawn
    each on Windows and macOS (about a second), more than validating a small file. The budget is
    `budget`'s memory, and its time for each file."""
    from hksh_packager.core.common.isolated import run_in_process

    entries = list(entries)
    if not entries:
        return

    delivered: set[int] = set()

    def relay(report: Progress) -> None:
        if isinstance(report, EntryValidated) and report.validation is not None:
            if report.step not in delivered:
                delivered.add(report.step)
                on_result(report.file, report.validation)
        else:
            progress(report)

    whole = Budget(seconds=budget.seconds * len(entries), memory_bytes=budget.memory_bytes)
    names = ", ".join(str(e.get("file", "?")) for e in entries[:3])
    what = f"validating {names}" + (" and more" if len(entries) > 3 else "")
    results = run_in_process(_entries_results, Path(root), entries, progress=relay,
                             cancel=cancel, budget=whole, what=what)  # fmt: skip
    # The reports cross by a queue the worker flushes on its own: the last may come after the
    # worker's answer. Every result is in the answer too; those not yet handed over are now.
    for step, (file, validation) in enumerate(results, start=1):
        if step not in delivered:
            delivered.add(step)
            on_result(file, validation)


def _entries_results(
    root: Path,
    entries: list[dict[str, Any]],
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> list[tuple[str, DatasetValidation]]:
    results = []
    for step, entry in enumerate(entries, start=1):
        validation = validate_entry(
            root, entry, progress=as_step(progress, step, len(entries)), cancel=cancel
        )[0]
        results.append((str(entry["file"]), validation))
        progress(EntryValidated("validated", 1, 1, Unit.ITEMS, str(entry["file"]), step,
                                len(entries), str(entry["file"]), validation))  # fmt: skip
    return results


def _entry_result(
    root: Path, entry: dict[str, Any], *, progress: ProgressCallback, cancel: CancelToken
) -> DatasetValidation:
    return validate_entry(root, entry, progress=progress, cancel=cancel)[0]


def validate_entry(
    root: Path,
    entry: dict[str, Any],
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[DatasetValidation, bytes | None]:
    """`validate_dataset` for a draft: the entry and the project folder are enough."""
    cancel = cancel or CancelToken()
    schema, schema_member, schema_bytes = _schema_for(root, entry)
    options = entry_options(entry)
    source = root / entry["file"]
    if not source.is_file():  # moved or deleted since it was added
        raise InputError(NO_FILE(file=str(source)), remedy=Remedy.FIX_FILE)
    with FingerprintWhileReading(source, cancel) as fingerprint:
        table = open_for_schema(source, schema, **options)
        cancel.raise_if_cancelled()
        rules = row_rules_of(dict(options), table)
        result = validate_table(table, schema, rules=rules, progress=progress, cancel=cancel)
    member = bundle_member("datasets", entry["file"])
    result = replace(result, file=member, schema=schema_member)
    validation = DatasetValidation(
        source,
        member,
        schema_member,
        entry.get("catalogue_id"),
        options,
        result,
        fingerprint.result(),
    )
    return validation, schema_bytes


def validate_project(
    project: Project,
    *,
    known: Sequence[DatasetValidation] = (),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ProjectValidation:
    """Validate every dataset, reporting "validating" progress as dataset i of n. A result in
    `known` (made earlier, by the app's Datasets step) is reused where it still holds for the
    entry; the writer compares the bytes it packs with that result's SHA-256 all the same."""
    by_member = {d.member: d for d in known}
    results = []
    schema_files: dict[str, bytes] = {}
    entries = project.submission["datasets"]
    for step, entry in enumerate(entries, start=1):
        reused = by_member.get(bundle_member("datasets", entry["file"]))
        if reused is not None and dataset_state(project.root, entry, reused) in STILL_HOLDS:
            validation, schema_bytes = reused, _catalogue_bytes(entry)
            log.debug("%s: validation result reused", entry["file"])
        else:
            validation, schema_bytes = validate_dataset(
                project, entry, progress=as_step(progress, step, len(entries)), cancel=cancel
            )
        if schema_bytes is not None:
            schema_files[validation.schema_member] = schema_bytes
        results.append(validation)
    return ProjectValidation(tuple(results), schema_files)


STILL_HOLDS = (DatasetState.VALID, DatasetState.ERRORS)


def _catalogue_bytes(entry: dict[str, Any]) -> bytes | None:
    return None if "schema" in entry else catalogue_path(entry["catalogue_id"]).read_bytes()
