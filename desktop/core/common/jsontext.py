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


def parse_json(
    text: str, where: str, error: type[HkshError] = InputError, max_depth: int = MAX_DEPTH
) -> Any:
    """`text` parsed; otherwise `error` saying "<where> is not valid JSON: ... at line L, column C"
    (`where` may be "" when the caller puts the file name in front itself). Documents nesting
    deeper than `max_depth` are refused."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        prefix = f"{where} " if where else ""
        raise error(
            f"{prefix}is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise error(f"{where} nests JSON too deeply to be read".strip()) from None
    check_depth(document, max_depth, where, error)
    return document
