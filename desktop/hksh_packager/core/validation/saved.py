"""Validation results kept in the project, so that a project opened again shows what still holds
instead of every dataset "not checked".

They live in `.hksh/validation-results.json` in the project folder (never bundled: a bundle
holds only what submission.json names). A result is brought back only when it can still be
trusted: written by this version of the app, for the same schema bytes (a custom schema file or
the catalogue's) as the entry names now; whether the data file is unchanged is then
`freshness.dataset_state`'s decision, by its size and time, as for a result made in this session,
and its bytes are compared by SHA-256 when it is packed. A damaged or foreign file is ignored:
the datasets are simply not checked.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hksh_packager import __version__
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import InputError
from hksh_packager.core.common.fingerprint import Fingerprint, sha256_file
from hksh_packager.core.common.messages import message_from_json
from hksh_packager.core.common.paths import catalogue_path
from hksh_packager.core.submission.document import entries
from hksh_packager.core.validation.report_format import DatasetValidation, ReadOption
from hksh_packager.core.validation.results import (
    CellError,
    ColumnSummary,
    TableProblem,
    ValidationResult,
    said_from_json,
)
from hksh_packager.core.validation.row_rules import SkippedRows

log = logging.getLogger(__name__)

RESULTS_FILE = Path(".hksh") / "validation-results.json"
FORMAT = "hksh-saved-results/1"
MAX_BYTES = 64 << 20


def _schema_digest(root: Path, entry: dict[str, Any]) -> str | None:
    """The SHA-256 of the schema the entry names now: its custom file, or its catalogue entry."""
    try:
        if isinstance(entry.get("schema"), str):
            return sha256_file(Path(root) / entry["schema"])
        if isinstance(entry.get("catalogue_id"), str):
            return sha256_file(catalogue_path(entry["catalogue_id"]))
    except OSError:
        return None
    return None


def _datasets_by_file(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["file"]: entry for entry in entries(document, "datasets", "file")}


def _result_json(result: ValidationResult) -> dict[str, Any]:
    return {
        "file": result.file,
        "description": result.description,
        "schema": result.schema,
        "columns": list(result.columns),
        "rows": result.rows,
        "invalid_rows": result.invalid_rows,
        "errors": [error.to_json() for error in result.errors],
        "counts": [[column, keyword, count] for (column, keyword), count in result.counts.items()],
        "table_problems": [problem.to_json() for problem in result.table_problems],
        "summaries": [
            {
                "name": s.name, "in_schema": s.in_schema, "missing": s.missing,
                "invalid": s.invalid, "distinct": sorted(s.distinct),
                "distinct_capped": s.distinct_capped, "minimum": s.minimum, "maximum": s.maximum,
            }
            for s in result.summaries
        ],
        "skipped": [skipped.to_json() for skipped in result.skipped],
    }  # fmt: skip


def _result(data: dict[str, Any]) -> ValidationResult:
    return ValidationResult(
        file=str(data["file"]),
        description=str(data["description"]),
        schema=str(data["schema"]),
        columns=tuple(str(c) for c in data["columns"]),
        rows=int(data["rows"]),
        invalid_rows=int(data["invalid_rows"]),
        errors=tuple(
            CellError(
                int(e["row"]),
                str(e["column"]),
                str(e["value"]),
                str(e["keyword"]),
                said_from_json(e),
            )
            for e in data["errors"]
        ),
        counts={(str(c), str(k)): int(n) for c, k, n in data["counts"]},
        table_problems=tuple(
            TableProblem(str(p["rule"]), said_from_json(p), bool(p["warning"]))
            for p in data["table_problems"]
        ),
        summaries=tuple(
            ColumnSummary(
                str(s["name"]),
                bool(s["in_schema"]),
                int(s["missing"]),
                int(s["invalid"]),
                set(map(str, s["distinct"])),
                bool(s["distinct_capped"]),
                s["minimum"],
                s["maximum"],
            )
            for s in data["summaries"]
        ),
        skipped=tuple(
            SkippedRows(
                message_from_json(k.get("reason_id"), k.get("reason_params"), str(k["reason"])),
                int(k["count"]),
                [int(r) for r in k["rows"]],
            )
            for k in data["skipped"]
        ),
    )


def save_results(
    root: Path, document: dict[str, Any], validations: Iterable[tuple[str, DatasetValidation]]
) -> None:
    """Keep the results (by the dataset's file as submission.json names it) in the project."""
    by_file = _datasets_by_file(document)
    kept = []
    for file, validation in validations:
        entry = by_file.get(file)
        digest = _schema_digest(root, entry) if entry else None
        if digest is None:
            continue  # nothing to tie the result to: not kept
        fingerprint = validation.fingerprint
        kept.append({
            "entry_file": file,
            "source": str(validation.source),
            "member": validation.member,
            "schema_member": validation.schema_member,
            "catalogue_id": validation.catalogue_id,
            "options": validation.options,
            "schema_sha256": digest,
            "fingerprint": {"sha256": fingerprint.sha256, "size": fingerprint.size,
                            "mtime_ns": fingerprint.mtime_ns},
            "result": _result_json(validation.result),
        })  # fmt: skip
    document_out = {"format": FORMAT, "app_version": __version__, "datasets": kept}
    path = Path(root) / RESULTS_FILE
    path.parent.mkdir(exist_ok=True)
    write_text_atomic(path, json.dumps(document_out, ensure_ascii=False) + "\n")


def _options(saved: dict[str, Any]) -> dict[str, ReadOption]:
    def kept(value: Any) -> ReadOption:
        if isinstance(value, int | list):
            return [str(v) for v in value] if isinstance(value, list) else value
        return str(value)

    return {str(k): kept(v) for k, v in saved.items()}


def load_results(root: Path, document: dict[str, Any]) -> dict[str, DatasetValidation]:
    """The kept results that can still be trusted, by dataset file as named; {} when there are
    none, or the file is damaged or from another version of the app."""
    path = Path(root) / RESULTS_FILE
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        return {}
    if saved.get("app_version") != __version__:
        return {}  # another engine may have counted otherwise: checked again
    by_file = _datasets_by_file(document)
    found: dict[str, DatasetValidation] = {}
    for item in saved.get("datasets", []):
        try:
            file = item["entry_file"]
            entry = by_file.get(file)
            if entry is None or _schema_digest(root, entry) != item["schema_sha256"]:
                continue
            mark = item["fingerprint"]
            found[file] = DatasetValidation(
                source=Path(item["source"]),
                member=str(item["member"]),
                schema_member=str(item["schema_member"]),
                catalogue_id=item["catalogue_id"],
                options=_options(item["options"]),
                result=_result(item["result"]),
                fingerprint=Fingerprint(str(mark["sha256"]), int(mark["size"]),
                                        int(mark["mtime_ns"])),
            )  # fmt: skip
        except (KeyError, TypeError, ValueError, AttributeError, InputError) as exc:
            log.debug("a kept validation result of %s is not usable: %r", root, exc)
    return found
