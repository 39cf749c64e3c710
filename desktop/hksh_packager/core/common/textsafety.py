"""Text from strangers made safe to show: control characters escaped (a terminal would obey an
escape sequence in a bundle's bag-info.txt), and cells a spreadsheet would run as formulas
neutralised."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def escape_text(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character written as a visible escape (\\x1b, \\u202e...)."""

    def visible(match: re.Match[str]) -> str:
        char = match.group(0)
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    escaped = _UNSAFE.sub(visible, text)
    if keep_newlines:
        return escaped
    return escaped.replace("\n", "\\n").replace("\t", "\\t")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs: one starting like a formula gets a leading
    apostrophe (OWASP's advice for CSV injection)."""
    return "'" + value if value.startswith(FORMULA_START) else value
