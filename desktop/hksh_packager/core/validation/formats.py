"""The `format` keyword, checked as jsonschema's FormatChecker checks it.

The formats the catalogue's schemas use (date, date-time, email, uri) are checked here by the same
tests jsonschema's checker makes, with the same libraries (rfc3339-validator, rfc3986-validator),
loaded only when a schema uses them: a worker validating a dataset whose formats are among these
does not load jsonschema, whose import costs about a tenth of a second. Any other format (and one
jsonschema has no checker for, which it ignores) is left to jsonschema's own checker, and so is
uri where rfc3987 is installed, which jsonschema then checks it with instead.
tests/core/validation/test_formats.py holds each one to jsonschema's verdicts.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _is_date(text: str) -> bool:
    try:
        return bool(_DATE.fullmatch(text) and date.fromisoformat(text))
    except ValueError:
        return False


def _is_email(text: str) -> bool:
    return "@" in text


def _is_date_time(text: str) -> bool:
    from rfc3339_validator import validate_rfc3339

    return bool(validate_rfc3339(text.upper()))


def _is_uri(text: str) -> bool:
    from rfc3986_validator import validate_rfc3986

    return bool(validate_rfc3986(text, rule="URI"))


_OURS: dict[str, Callable[[str], bool]] = {
    "date": _is_date,
    "email": _is_email,
    "date-time": _is_date_time,
    "uri": _is_uri,
}


@cache
def _jsonschema_checker() -> Any:
    from jsonschema import FormatChecker

    return FormatChecker()


@cache
def _jsonschema_reads_uri_otherwise() -> bool:
    return importlib.util.find_spec("rfc3987") is not None


def format_test(name: str) -> Callable[[str], bool] | None:
    """The test a text must pass to be of format `name`; None for a format jsonschema has no
    checker for (jsonschema ignores those, and so do we)."""
    if name in _OURS and not (name == "uri" and _jsonschema_reads_uri_otherwise()):
        return _OURS[name]
    checker = _jsonschema_checker()
    if name not in checker.checkers:
        return None
    return lambda text: bool(checker.conforms(text, name))
