"""Validators for the schemas the application ships in schemas/ (submission, profile, catalogue)."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import TYPE_CHECKING

from hksh_packager.core.common.paths import schemas_dir

if TYPE_CHECKING:  # jsonschema loads when a schema is first checked, not at start-up
    from jsonschema import Draft202012Validator, FormatChecker

# jsonschema's own "email" check only looks for an "@"; organisers write to these addresses, so
# ours also wants a name, a domain with a dot, and no spaces.
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def _formats() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker()

    @checker.checks("email")
    def is_email(value: object) -> bool:
        return not isinstance(value, str) or bool(EMAIL.match(value))

    return checker


@cache
def shipped_validator(name: str) -> Draft202012Validator:
    """A validator for schemas/<name>, loaded once."""
    from jsonschema import Draft202012Validator

    schema = json.loads((schemas_dir() / name).read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=_formats())
