"""Text from strangers made safe to show: every character that is not shown as itself escaped (a
terminal would obey an escape sequence in a bundle's bag-info.txt; a bidirectional override would
reorder a table row), and cells a spreadsheet would run as formulas neutralised."""

from __future__ import annotations

import re
import unicodedata

# Unicode's general categories of characters that are not shown as themselves: controls (Cc),
# format characters (Cf: bidirectional controls, zero-width characters, U+061C, U+FEFF, the soft
# hyphen, tag characters), line and paragraph separators (Zl, Zp), surrogates (Cs), private use
# (Co) and unassigned code points (Cn), which a later Unicode may make any of these.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape_text(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every character that is not shown as itself written as a visible escape
    (\\x1b, \\u202e, \\U000e0041); newlines and tabs too unless `keep_newlines`."""
    if text.isprintable():  # the common case: no control, format or separator character
        return text
    kept = "\n\t" if keep_newlines else ""
    return "".join(
        _visible(char)
        if char not in kept and unicodedata.category(char) in HIDDEN_CATEGORIES
        else char
        for char in text
    )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet opening a CSV splits a line at its locale's separator: a comma, or a semicolon
# where the comma is the decimal mark; a tab or a bar when told. "x;=1+1" is one cell to the csv
# module and two, the second a formula, in such a spreadsheet.
_FORMULA_AFTER_SEPARATOR = re.compile(r"[,;\t|]\s*[=+\-@]")


def spreadsheet_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs, whatever separator it splits lines at:
    one that starts like a formula, or holds a separator followed by one, gets a leading
    apostrophe (OWASP's advice for CSV injection)."""
    if value.startswith(FORMULA_START) or _FORMULA_AFTER_SEPARATOR.search(value):
        return "'" + value
    return value
