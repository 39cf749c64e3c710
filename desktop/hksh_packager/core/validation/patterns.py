"""Regular expressions from schemas, which may come from strangers, matched in linear time.

Schemas are JSON Schema, whose `pattern` and `patternProperties` are regular expressions. Python's
`re` backtracks: `^(a+)+$` takes longer than the age of the universe on 40 characters of input.
RE2 (Google's engine, through its maintained binding) never backtracks; the constructs it cannot
run in linear time (look-ahead, look-behind, back-references) are refused when a schema is loaded,
with a message saying so. RE2's `\\d` and `\\w` are ASCII, as in JSON Schema's own dialect
(ECMA-262).
(row_validator.py gives jsonschema's validator these keywords run by RE2.)
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import re2

from hksh_packager.core.common.errors import PatternError
from hksh_packager.core.common.messages import define

MAX_PATTERN = 10_000  # characters: a row schema's patterns are short
MAX_MEMORY = 8 << 20  # bytes RE2 may use for one compiled pattern


PATTERN_LONG = define("pattern.too-long", "the pattern is {count} characters; at most {limit}")
PATTERN_UNBOUNDED = define(
    "pattern.unbounded", "the pattern {pattern} cannot be checked in bounded time ({reason}); "
    "rewrite it without look-ahead, look-behind or back-references"
)  # fmt: skip


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """The compiled pattern; PatternError for one RE2 cannot run in linear time, or too large."""
    if len(pattern) > MAX_PATTERN:
        raise PatternError(PATTERN_LONG(count=len(pattern), limit=MAX_PATTERN))
    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_MEMORY
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise PatternError(
            PATTERN_UNBOUNDED(pattern=repr(pattern[:80]), reason=str(reason))
        ) from None


def matches(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).search(text) is not None


def patterns_in(schema: Any) -> Iterator[tuple[str, str]]:
    """(JSON pointer, pattern) of every regular expression in a schema, without recursion."""
    stack: list[tuple[str, Any]] = [("", schema)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield f"{pointer}/pattern", node["pattern"]
            if isinstance(node.get("patternProperties"), dict):
                for key in node["patternProperties"]:
                    yield f"{pointer}/patternProperties", key
            children = [(f"{pointer}/{k}", v) for k, v in node.items()]
        elif isinstance(node, list):
            children = [(f"{pointer}/{i}", v) for i, v in enumerate(node)]
        else:
            continue
        stack.extend(children)
