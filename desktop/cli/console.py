"""What every command shares: exit codes, errors without tracebacks, progress on stderr,
passphrase prompts."""

from __future__ import annotations

import getpass
import os
import sys
import time
from collections.abc import Callable

from hksh_packager.core.common.errors import Cancelled, HkshError, KeyStoreError, Remedy
from hksh_packager.core.common.logs import log_unexpected
from hksh_packager.core.common.progress import Progress

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
PASSPHRASE_ENV = "HKSH_KEY_PASSPHRASE"


# What the command line offers for each remedy core names: the flag or command to use.
REMEDY_HINTS = {
    Remedy.GENERATE_KEY: "run `hksh-packager keys generate --team {team}`",
    Remedy.REPLACE_KEY: "to replace it: `hksh-packager keys generate --team {team} --force`",
    Remedy.CHOOSE_TEAM: "name the team with --team",
    Remedy.ENTER_PASSPHRASE: f"type it again, or check {PASSPHRASE_ENV}",
    Remedy.USE_KEY_FILE: "or set HKSH_KEYSTORE=file",
    Remedy.ALLOW_INVALID: "to pack anyway: --allow-invalid",
    Remedy.SET_ENCODING: "name the encoding with --encoding",
    Remedy.SET_POINTER: "name the records with --pointer",
    Remedy.SET_SHEET: "choose the sheet with --sheet",
}


def describe_error(exc: HkshError) -> str:
    """The core message, then what to type to fix it (when the command line has a way)."""
    hint = REMEDY_HINTS.get(exc.remedy) if exc.remedy else None
    if hint is None:
        return str(exc)
    return f"{exc} ({hint.format_map({'team': 'TEAM_ID', **exc.details})})"


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def run_guarded(action: Callable[[], int]) -> int:
    """Run a command; errors become one line on stderr, never a traceback."""
    try:
        return action()
    except (Cancelled, KeyboardInterrupt):
        error("cancelled; nothing was left half-written")
        return 130
    except HkshError as exc:
        error(describe_error(exc))
        return EXIT_USAGE
    except Exception as exc:  # the last line of defence: log the details, show one line
        log_path = log_unexpected(exc, "running a command")
        error(f"unexpected failure ({type(exc).__name__}: {exc}); details are in {log_path}")
        return EXIT_USAGE


class StderrProgress:
    """A one-line progress meter on stderr, only when a person is watching (a terminal)."""

    def __init__(self) -> None:
        self._enabled = sys.stderr.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, progress: Progress) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and progress.done < progress.total:
            return
        self._last = now
        mib = 1 << 20
        sys.stderr.write(
            f"\r{progress.stage}: {progress.fraction:6.1%}  "
            f"{progress.done / mib:,.0f}/{progress.total / mib:,.0f} MiB"
        )
        sys.stderr.flush()
        self._shown = True

    def finish(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            self._shown = False


def passphrase_from_env_or_prompt(team_id: str, confirm: bool) -> str:
    """HKSH_KEY_PASSPHRASE for scripts; otherwise ask on the terminal (twice for a new one)."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise KeyStoreError(
            f"the key of team {team_id} is kept in a passphrase-encrypted file; set "
            f"{PASSPHRASE_ENV} or run this command in a terminal to type the passphrase"
        )
    first = getpass.getpass(f"Passphrase for the key of team {team_id}: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise KeyStoreError("the two passphrases differ; nothing was saved")
    return first


def human_size(count: int) -> str:
    size = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1000
    return f"{count} B"
