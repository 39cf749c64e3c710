"""Reading JSON text with one kind of message for every file: where, line and column."""

from __future__ import annotations

import json
from typing import Any

from hksh_packager.core.common.errors import HkshError, InputError


def parse_json(text: str, where: str, error: type[HkshError] = InputError) -> Any:
    """`text` parsed; otherwise `error` saying "<where> is not valid JSON: ... at line L, column C"
    (`where` may be "" when the caller puts the file name in front itself)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        prefix = f"{where} " if where else ""
        raise error(
            f"{prefix}is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise error(f"{where} nests JSON too deeply to be read".strip()) from None
