"""Validators for the schemas the application ships in schemas/ (submission, profile, catalogue)."""

from __future__ import annotations

import json
from functools import cache

from hksh_packager.core.common.paths import schemas_dir
from jsonschema import Draft202012Validator, FormatChecker


@cache
def shipped_validator(name: str) -> Draft202012Validator:
    """A validator for schemas/<name>, loaded once."""
    schema = json.loads((schemas_dir() / name).read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())
