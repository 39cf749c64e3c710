"""Reading and making the application's own small files (key records, encrypted keys) in the user
data folder, which may have been damaged, replaced or pointed somewhere odd (HKSH_HOME)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from hksh_packager.core.common.errors import HkshError, InputError
from hksh_packager.core.common.jsontext import parse_json
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.paths import HOME_ENV

MAX_SMALL_FILE = 1 << 20
PRIVATE_FOLDER = 0o700


def read_small_json(path: Path, what: str, error: type[HkshError]) -> Any:
    """The JSON object in `path`. Only a regular file is opened (a FIFO or device there would block
    or never end), at most MAX_SMALL_FILE bytes; anything else is `error` naming the file.
    FileNotFoundError passes through for the caller to word."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{what} {path} is not a regular file; remove it and create the key again")
    if info.st_size > MAX_SMALL_FILE:
        raise error(
            f"{what} {path} is {info.st_size} bytes, far more than it can be; it is damaged"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{what} {path} is damaged: not UTF-8 text (byte {exc.start})") from None
    document = parse_json(text, f"{what} {path}", error, max_depth=8)
    if not isinstance(document, dict):
        raise error(f"{what} {path} is damaged: it does not hold a JSON object")
    return document


NOT_CREATED = define(
    "folder.not-created", "the folder {folder} cannot be created ({reason}); check the "
    "permissions of the folder above it"
)  # fmt: skip
NOT_CREATED_HOME = define(
    "folder.not-created-home", "the folder {folder} cannot be created ({reason}); {variable} is "
    "set to {home}: point it at a folder you can write, or unset it"
)  # fmt: skip
NOT_WRITABLE = define(
    "folder.not-writable", "the folder {folder} cannot be written to; check its permissions"
)


def ensure_folder(folder: Path, what: str) -> Path:
    """Create a folder of the user data area, or say plainly why it cannot be. It is the user's
    alone (0700 where the system has such modes), whatever the umask: it holds keys."""
    try:
        folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, PRIVATE_FOLDER)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if os.environ.get(HOME_ENV):
            said = NOT_CREATED_HOME(
                folder=str(folder), reason=reason, variable=HOME_ENV, home=os.environ[HOME_ENV]
            )
        else:
            said = NOT_CREATED(folder=str(folder), reason=reason)
        raise InputError(said) from None
    if not os.access(folder, os.W_OK):
        raise InputError(NOT_WRITABLE(folder=str(folder)))
    return folder
