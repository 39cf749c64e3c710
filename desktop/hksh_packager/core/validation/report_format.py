"""The bundled validation report (data/reports/validation.json): its name, format and the parts
of a result that must repeat exactly. Light on imports, so that verifying loads no data stack."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hksh_packager import APP_NAME, __version__
from hksh_packager.core.common.fingerprint import Fingerprint
from hksh_packager.core.validation.results import ValidationResult

REPORT_FORMAT = "hksh-validation/1"
READ_OPTIONS = ("encoding", "sheet", "pointer", "header_row", "header_rows", "skip_rows")
# Text options, the header's row and rows, and the patterns of rows that are not data.
ReadOption = str | int | list[str]


def entry_options(entry: dict[str, Any]) -> dict[str, ReadOption]:
    """The read options a dataset entry of submission.json sets."""
    return {name: entry[name] for name in READ_OPTIONS if name in entry}


@dataclass(frozen=True)
class DatasetValidation:
    source: Path
    member: str
    schema_member: str
    catalogue_id: str | None
    options: dict[str, ReadOption]
    result: ValidationResult
    fingerprint: Fingerprint  # the bytes that were validated

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.member,
            "schema": self.schema_member,
            "catalogue_id": self.catalogue_id,
            "options": self.options,
            "sha256": self.fingerprint.sha256,
            "result": self.result.to_json(),
        }


@dataclass(frozen=True)
class ProjectValidation:
    datasets: tuple[DatasetValidation, ...]
    schema_files: dict[str, bytes]  # catalogue schemas to bundle, by member

    @property
    def valid(self) -> bool:
        return all(d.result.valid for d in self.datasets)

    def report_bytes(self, allow_invalid: bool) -> bytes:
        document = {
            "format": REPORT_FORMAT,
            "tool": f"{APP_NAME} {__version__}",
            "valid": self.valid,
            "allow_invalid": allow_invalid,
            "datasets": [d.to_json() for d in self.datasets],
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def result_signature(result: dict[str, Any]) -> dict[str, Any]:
    """The parts of a result that must repeat exactly when the check is run again."""
    return {
        "valid": result["valid"],
        "rows": result["rows"],
        "invalid_rows": result["invalid_rows"],
        "error_count": result["error_count"],
        "error_counts": result["error_counts"],
        "table_problems": sorted(p["rule"] for p in result["table_problems"]),
    }
