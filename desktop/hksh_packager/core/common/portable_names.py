"""File names every system can hold the same way: what the packer checks when a file is named
and what the verifier refuses in a bundle, one set of rules for both, so that `pack` never
writes a bundle its own verifier rejects.

Windows refuses some characters and device names and drops a trailing space or dot; Info-ZIP
drops a ";1" version; macOS and Windows fold case, and macOS folds Unicode forms: two names
equal once folded are one file there.
"""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
VERSION_SUFFIX = re.compile(r";[0-9]*$")  # VMS versions: unzip drops ";1" (and a lone ";")
WINDOWS_DEVICES = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10)),
}  # fmt: skip


def part_problem(part: str) -> str | None:
    """Why one part of a path (a folder or file name) is not portable, or None."""
    if CONTROL.search(part):
        return "has control characters in its name"
    if "\\" in part:
        return "uses a backslash in its name; bundles use '/' only"
    if part != part.rstrip(" ."):
        return "has a name part ending in a space or dot, which Windows drops (two names merge)"
    if VERSION_SUFFIX.search(part):
        return (
            "ends in ';' and digits, a version number Info-ZIP unzip strips (it would write the "
            "file over the one without it)"
        )
    if WINDOWS_FORBIDDEN.search(part):
        return 'uses a character Windows cannot put in a file name (< > : " | ? *)'
    if part.split(".")[0].upper() in WINDOWS_DEVICES:
        return "names a Windows device (CON, NUL, COM1...), which Windows would not extract"
    return None


def folded(name: str) -> str:
    """The name as a case-insensitive, normalising file system sees it."""
    return unicodedata.normalize("NFC", name).casefold()
