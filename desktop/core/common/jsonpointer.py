"""JSON pointers (RFC 6901) in messages, so a user can find the field in the file."""

from __future__ import annotations

from collections.abc import Iterable


def format_pointer(parts: Iterable[object]) -> str:
    """The pointer to a value from its path ("" for the document itself)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)
