"""The submission description (submission.json): parse it and check it against its schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hksh_packager.core.common.errors import SubmissionParseError
from hksh_packager.core.common.jsonpointer import format_pointer
from hksh_packager.core.common.jsontext import parse_json
from hksh_packager.core.common.shipped_schemas import shipped_validator

FILE_NAME = "submission.json"


@dataclass(frozen=True)
class FieldError:
    """One schema violation: `pointer` is the JSON pointer of the field ("/members/0/email")."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


def check_submission(document: Any) -> list[FieldError]:
    """Every way `document` breaks the submission schema, in document order."""
    errors = sorted(
        shipped_validator("submission.schema.json").iter_errors(document),
        key=lambda e: list(map(str, e.path)),
    )
    return [FieldError(format_pointer(error.absolute_path), error.message) for error in errors]


def parse_submission(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionParseError(f"is not UTF-8 text (byte {exc.start})") from None
    return parse_json(text, "", SubmissionParseError)


def named_files(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(section, relative path) of each file named: datasets, their schemas, attachments."""
    files: list[tuple[str, str]] = []
    for entry in document.get("datasets", []):
        files.append(("datasets", entry["file"]))
        if "schema" in entry:
            files.append(("schemas", entry["schema"]))
    for entry in document.get("attachments", []):
        files.append(("attachments", entry["file"]))
    return files
