"""Reading JSON text with one kind of message for every file: where, line and column."""

from __future__ import annotations

import json
from typing import Any

from hksh_packager.core.common.errors import HkshError, InputError

MAX_DEPTH = 64  # documents we read nest far less; code that walks them recursively stays safe


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
            raise error(f"{where} nests JSON more than {limit} levels deep".strip())
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
    prefix = f"{where} " if where else ""
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates if unique_keys else None)
    except _DuplicateKey as exc:
        raise error(f"{prefix}names the key '{exc}' twice in one object") from None
    except json.JSONDecodeError as exc:
        raise error(
            f"{prefix}is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise error(f"{where} nests JSON too deeply to be read".strip()) from None
    check_depth(document, max_depth, where, error)
    return document
