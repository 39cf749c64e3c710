"""The submission description (submission.json): parse it and check it against its schema."""

from __future__ import annotations

from typing import Any

from hksh_packager.core.common.errors import SubmissionParseError
from hksh_packager.core.common.jsontext import parse_json
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.shipped_schemas import shipped_validator
from hksh_packager.core.submission.wording import FieldError, word_errors

FILE_NAME = "submission.json"


NOT_UTF8 = define("submission.not-utf8", "is not UTF-8 text (byte {offset}); save it as UTF-8")


def check_submission(document: Any) -> list[FieldError]:
    """Every way `document` breaks the submission schema, in document order, worded for a
    person."""
    errors = sorted(
        shipped_validator("submission.schema.json").iter_errors(document),
        key=lambda e: list(map(str, e.path)),
    )
    return word_errors(errors)


def schema_choices(*path: str) -> tuple[str, ...]:
    """The values the schema allows for a field, by its path of property names ("team", "city";
    "attachments", "kind" for a list's items)."""
    node: Any = shipped_validator("submission.schema.json").schema
    for name in path:
        node = node["properties"][name]
        if node.get("type") == "array" and "items" in node:
            node = node["items"]
    return tuple(node.get("enum", ()))


def text_limit(*path: str) -> int | None:
    """The schema's maximum length for a text field, by its path of property names."""
    node: Any = shipped_validator("submission.schema.json").schema
    for name in path:
        node = node["properties"][name]
        if node.get("type") == "array" and "items" in node:
            node = node["items"]
    return node.get("maxLength")


def parse_submission(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionParseError(NOT_UTF8(offset=exc.start)) from None
    return parse_json(text, "", SubmissionParseError)


def named_files(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(section, relative path) of each file named: datasets, their schemas, attachments. A draft's
    entries that name no file yet are passed over."""
    files: list[tuple[str, str]] = []
    for entry in entries(document, "datasets"):
        if isinstance(entry.get("file"), str):
            files.append(("datasets", entry["file"]))
        if isinstance(entry.get("schema"), str):
            files.append(("schemas", entry["schema"]))
    for entry in entries(document, "attachments"):
        if isinstance(entry.get("file"), str):
            files.append(("attachments", entry["file"]))
    return files


def entries(document: dict[str, Any], key: str, *texts: str) -> list[dict[str, Any]]:
    """A list of the document's (datasets, attachments, ...) as far as a draft has written it:
    its objects whose `texts` fields are strings (the schema's own errors say what the rest
    lack)."""
    found = document.get(key)
    return [
        entry
        for entry in (found if isinstance(found, list) else [])
        if isinstance(entry, dict) and all(isinstance(entry.get(t), str) for t in texts)
    ]
