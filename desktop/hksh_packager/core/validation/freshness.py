"""Whether a validation result still holds for a dataset entry: made with the entry's schema and
read options, from the file as it is now (its size and modification time; the bytes themselves are
compared by SHA-256 when they are packed). Light: no data stack."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from hksh_packager.core.common.bundle_layout import bundle_member
from hksh_packager.core.validation.report_format import DatasetValidation, entry_options


class DatasetState(StrEnum):
    NOT_CHECKED = "not-checked"
    VALID = "valid"
    ERRORS = "errors"
    CHANGED = "changed"  # the file changed on disk since it was checked


def dataset_state(
    root: Path, entry: dict[str, Any], known: DatasetValidation | None
) -> DatasetState:
    """Where a dataset entry stands given the last result for its file: a result counts only
    when it was made with the entry's schema and read options, from the file as it is now."""
    if known is None or not _same_check(entry, known):
        return DatasetState.NOT_CHECKED
    if not known.fingerprint.looks_unchanged(Path(root) / entry["file"]):
        return DatasetState.CHANGED
    return DatasetState.VALID if known.result.valid else DatasetState.ERRORS


def _same_check(entry: dict[str, Any], known: DatasetValidation) -> bool:
    if "schema" in entry:
        schema_member = bundle_member("schemas", entry["schema"])
        if known.schema_member != schema_member or known.catalogue_id is not None:
            return False
    elif known.catalogue_id != entry.get("catalogue_id"):
        return False
    return known.member == bundle_member("datasets", entry["file"]) and known.options == (
        entry_options(entry)
    )
