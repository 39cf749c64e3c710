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

from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.common.textsafety import escape_text

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
VERSION_SUFFIX = re.compile(r";[0-9]*$")  # VMS versions: unzip drops ";1" (and a lone ";")
WINDOWS_DEVICES = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10)),
}  # fmt: skip


CONTROL_IN_NAME = define("name.control", "{name} has control characters in its name")
BACKSLASH = define("name.backslash", "{name} uses a backslash in its name; bundles use '/' only")
TRAILING = define(
    "name.trailing", "{name} ends in a space or dot, which Windows drops (two names merge)"
)
VERSION = define(
    "name.version", "{name} ends in ';' and digits, a version number Info-ZIP unzip strips (it "
    "would write the file over the one without it)"
)  # fmt: skip
FORBIDDEN = define(
    "name.forbidden", '{name} uses a character Windows cannot put in a file name (< > : " | ? *)'
)
DEVICE = define(
    "name.device", "{name} names a Windows device (CON, NUL, COM1...), which Windows would not "
    "extract"
)  # fmt: skip


def part_problem(part: str) -> Message | None:
    """Why one part of a path (a folder or file name) is not portable, naming it, or None."""
    shown = escape_text(part)
    if CONTROL.search(part):
        return CONTROL_IN_NAME(name=shown)
    if "\\" in part:
        return BACKSLASH(name=shown)
    if part != part.rstrip(" ."):
        return TRAILING(name=shown)
    if VERSION_SUFFIX.search(part):
        return VERSION(name=shown)
    if WINDOWS_FORBIDDEN.search(part):
        return FORBIDDEN(name=shown)
    if part.split(".")[0].upper() in WINDOWS_DEVICES:
        return DEVICE(name=shown)
    return None


def portable_name(name: str) -> str:
    """`name` made one that every system holds the same way, for a copy the app makes: characters
    Windows refuses and control characters become "_", a trailing space or dot and a ";1"
    version are dropped, a device name gets "_" before it. A portable name is kept as it is."""
    name = CONTROL.sub("_", WINDOWS_FORBIDDEN.sub("_", name.replace("\\", "_")))
    name = VERSION_SUFFIX.sub("", name).rstrip(" .") or "_"
    if name.split(".")[0].upper() in WINDOWS_DEVICES:
        name = "_" + name
    return name


def folded(name: str) -> str:
    """The name as a case-insensitive, normalising file system sees it."""
    return unicodedata.normalize("NFC", name).casefold()
