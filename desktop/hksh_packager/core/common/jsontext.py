"""Reading JSON text with one kind of message for every file: where, line and column."""

from __future__ import annotations

import json
from typing import Any

from hksh_packager.core.common.errors import HkshError, InputError
from hksh_packager.core.common.messages import define

MAX_DEPTH = 64  # documents we read nest far less; code that walks them recursively stays safe


# Said of a named file or place ("{where} is not valid JSON"), or of the file the caller names.
INVALID = define(
    "json-text.invalid", "{where} is not valid JSON: {reason} at line {line}, column {column}"
)
INVALID_HERE = define(
    "json-text.invalid-here", "not valid JSON: {reason} at line {line}, column {column}"
)
TWICE = define("json-text.twice", "{where} names the key '{key}' twice in one object")
TWICE_HERE = define("json-text.twice-here", "names the key '{key}' twice in one object")
TOO_DEEP = define("json-text.too-deep", "{where} nests JSON more than {limit} levels deep")
TOO_DEEP_HERE = define("json-text.too-deep-here", "nests JSON more than {limit} levels deep")


def check_depth(value: Any, limit: int, where: str, error: type[HkshError] = InputError) -> None:
    """Raise `error` when arrays and objects in `value` nest more than `limit` levels deep. Walks
    without recursion, so the check itself cannot overflow."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            raise error(TOO_DEEP(where=where, limit=limit) if where else TOO_DEEP_HERE(limit=limit))
        stack.extend((child, depth + 1) for child in children)


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def parse_json(
    text: str,
    where: str,
    error: type[HkshError] = InputError,
    max_depth: int = MAX_DEPTH,
    *,
    unique_keys: bool = False,
) -> Any:
    """`text` parsed; otherwise `error` saying "<where> is not valid JSON: ... at line L, column C"
    (`where` may be "" when the caller puts the file name in front itself). Documents nesting
    deeper than `max_depth` are refused; with `unique_keys`, so are objects naming a key twice
    (JSON readers disagree on which of the two counts)."""
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates if unique_keys else None)
    except _DuplicateKey as exc:
        key = str(exc)[:80]
        raise error(TWICE(where=where, key=key) if where else TWICE_HERE(key=key)) from None
    except json.JSONDecodeError as exc:
        place = {"reason": exc.msg, "line": exc.lineno, "column": exc.colno}
        raise error(INVALID(where=where, **place) if where else INVALID_HERE(**place)) from None
    except RecursionError:
        raise error(TOO_DEEP(where=where, limit=max_depth) if where else TOO_DEEP_HERE(
            limit=max_depth)) from None  # fmt: skip
    check_depth(document, max_depth, where, error)
    return document
