"""Regular expressions from schemas, which may come from strangers, matched in linear time.

Schemas are JSON Schema, whose `pattern` and `patternProperties` are regular expressions. Python's
`re` backtracks: `^(a+)+$` takes longer than the age of the universe on 40 characters of input.
RE2 (Google's engine, through its maintained binding) never backtracks; the constructs it cannot
run in linear time (look-ahead, look-behind, back-references) are refused when a schema is loaded,
with a message saying so. RE2's `\\d` and `\\w` are ASCII, as in JSON Schema's own dialect
(ECMA-262).

`DatasetValidator` is jsonschema's Draft 2020-12 validator with these keywords run by RE2.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import re2
from jsonschema import Draft202012Validator, ValidationError, validators

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


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional(instance: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [
        key
        for key in instance
        if key not in properties and not any(matches(pattern, key) for pattern in patterns)
    ]


def _additional_properties(
    validator: Any, additional: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    extras = _additional(instance, schema)
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            joined = ", ".join(repr(each) for each in sorted(extras))
            patterns = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            yield ValidationError(f"{joined} {verb} not match any of the regexes: {patterns}")
        else:
            listed = ", ".join(repr(each) for each in sorted(extras, key=str))
            verb = "was" if len(extras) == 1 else "were"
            yield ValidationError(
                f"Additional properties are not allowed ({listed} {verb} unexpected)"
            )


DatasetValidator = validators.extend(
    Draft202012Validator,
    {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    },
)


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
