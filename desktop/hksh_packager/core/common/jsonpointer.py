"""JSON pointers (RFC 6901): in messages, so a user can find the field in the file, and to reach
records inside a document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def escape_token(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def format_pointer(parts: Iterable[object]) -> str:
    """The pointer to a value from its path ("" for the document itself)."""
    return "".join("/" + escape_token(part) for part in parts)


class PointerNotFound(LookupError):
    """Nothing is at the pointer; `walked` is how far it got ("/data/records")."""

    def __init__(self, walked: str) -> None:
        super().__init__(walked)
        self.walked = walked


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at `pointer` ("" or "/" for the document itself). Raises ValueError for a
    pointer that does not start with "/", PointerNotFound where nothing is there."""
    if pointer in ("", "/"):
        return document
    if not pointer.startswith("/"):
        raise ValueError(
            f"JSON pointer '{pointer}' must start with '/' (for example /data/records)"
        )
    node = document
    walked = ""
    for raw in pointer[1:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        walked += "/" + raw
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise PointerNotFound(walked)
    return node
