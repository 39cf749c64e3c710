"""What every command shares: exit codes, errors without tracebacks, progress on stderr,
passphrase prompts."""

from __future__ import annotations

import getpass
import os
import signal
import sys
import threading
from collections.abc import Callable

from hksh_packager.core.common.errors import Cancelled, HkshError, KeyStoreError, Remedy
from hksh_packager.core.common.messages import ENGLISH, Message, define, render
from hksh_packager.core.common.progress import (
    Progress,
    ProgressCallback,
    Unit,
    no_progress,
    throttled,
)
from hksh_packager.core.signing.passphrase import PASSPHRASE_ENV, passphrase_source

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_OUTPUT_CLOSED = 128 + 13  # as a program ended by SIGPIPE is seen by its shell


# The language every message of this run is written in (`--lang`, else the locale).
_language = ENGLISH


def set_language(language: str) -> None:
    global _language
    _language = language


def language() -> str:
    return _language


def say(message: Message | str) -> str:
    """A core message in the run's language."""
    return render(message, _language)


# What the command line offers for each remedy core names: the flag or command to use.
REMEDY_HINTS = {
    Remedy.GENERATE_KEY: define(
        "cli.hint-generate-key", "run `hksh-packager keys generate --team {team}`"
    ),
    Remedy.REPLACE_KEY: define(
        "cli.hint-replace-key", "to replace it: `hksh-packager keys generate --team {team} --force`"
    ),
    Remedy.CHOOSE_TEAM: define("cli.hint-choose-team", "name the team with --team"),
    Remedy.ENTER_PASSPHRASE: define("cli.hint-passphrase", "type it again, or check {variable}"),
    Remedy.USE_KEY_FILE: define("cli.hint-key-file", "or set HKSH_KEYSTORE=file"),
    Remedy.ALLOW_INVALID: define("cli.hint-allow-invalid", "to pack anyway: --allow-invalid"),
    Remedy.SET_ENCODING: define("cli.hint-encoding", "name the encoding with --encoding"),
    Remedy.SET_POINTER: define("cli.hint-pointer", "name the records with --pointer"),
    Remedy.SET_SHEET: define("cli.hint-sheet", "choose the sheet with --sheet"),
    Remedy.SET_HEADER: define(
        "cli.hint-header", "give the header's row with --header-row, and its rows with "
        "--header-rows"
    ),
    Remedy.CHOOSE_SCHEMA: define("cli.hint-schema", "give it with --schema"),
    Remedy.ALLOW_MORE_TIME: define(
        "cli.hint-more-time", "if the file really is that large, allow more with --max-seconds"
    ),
}  # fmt: skip
WITH_HINT = define("cli.with-hint", "{message} ({hint})")
ERROR = define("cli.error", "error: {message}")
UNEXPECTED = define("cli.unexpected", "unexpected failure ({error}); details are in {log}")
CANCELLED = define("cli.cancelled", "cancelled; nothing was left half-written")
PASSPHRASES_DIFFER = define(
    "cli.passphrases-differ", "the two passphrases differ; nothing was saved"
)


def describe_error(exc: HkshError, language: str | None = None) -> str:
    """The core message in the run's language, then what to type to fix it (when the command line
    has a way)."""
    language = language or _language
    text = exc.text(language)
    hint = REMEDY_HINTS.get(exc.remedy) if exc.remedy else None
    if hint is None:
        return text
    values = {"team": "TEAM_ID", "variable": PASSPHRASE_ENV, **exc.details}
    first, _, rest = text.partition("\n")
    hinted = render(WITH_HINT(message=first, hint=hint(**values)), language)
    return f"{hinted}\n{rest}" if rest else hinted


def error(message: Message | str) -> None:
    print(say(ERROR(message=message)), file=sys.stderr)


def exit_cleanly_on_sigterm() -> None:
    """SIGTERM (a shutdown, `kill`) ends the command as Ctrl+C does: every `finally` runs, so a
    half-written bundle's temporary file is removed, not left behind."""
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def run_guarded(action: Callable[[], int]) -> int:
    """Run a command; errors become one line on stderr, never a traceback."""
    try:
        code = action()
        sys.stdout.flush()  # a reader that went away is found here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        # The program reading the output stopped (`| head`): nothing went wrong, and no one is
        # left to tell. Later writes, and the flush at exit, go nowhere instead of failing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OUTPUT_CLOSED
    except (Cancelled, KeyboardInterrupt):
        error(CANCELLED())
        return 130
    except HkshError as exc:
        error(describe_error(exc))
        return EXIT_USAGE
    except Exception as exc:  # the last line of defence: log the details, show one line
        from hksh_packager.core.common.logs import log_unexpected

        log_path = log_unexpected(exc, "running a command")
        error(UNEXPECTED(error=f"{type(exc).__name__}: {exc}", log=str(log_path)))
        return EXIT_USAGE


class StderrProgress:
    """A one-line progress meter on stderr, only when a person is watching (a terminal)."""

    def __init__(self) -> None:
        self._enabled = sys.stderr.isatty()
        self._shown = False
        self.report: ProgressCallback = throttled(self._show) if self._enabled else no_progress

    def _show(self, progress: Progress) -> None:
        step = f" ({progress.step}/{progress.steps})" if progress.steps > 1 else ""
        if progress.unit == Unit.BYTES:
            mib = 1 << 20
            amount = f"{progress.done / mib:,.0f}/{progress.total / mib:,.0f} MiB"
        else:
            amount = f"{progress.done:,} {progress.unit}"
        share = f"{progress.fraction:6.1%}  " if progress.total else ""
        sys.stderr.write(f"\r{progress.stage}{step}: {share}{amount}\x1b[K")
        sys.stderr.flush()
        self._shown = True

    def finish(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            self._shown = False


def terminal_passphrase(team_id: str, confirm: bool) -> str:
    """Ask on the terminal (twice for a new passphrase)."""
    if not sys.stdin.isatty():
        raise KeyStoreError(
            f"the key of team {team_id} is kept in a passphrase-encrypted file; set "
            f"{PASSPHRASE_ENV} or run this command in a terminal to type the passphrase",
            remedy=Remedy.ENTER_PASSPHRASE,
        )
    first = getpass.getpass(f"Passphrase for the key of team {team_id}: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise KeyStoreError(PASSPHRASES_DIFFER())
    return first


# HKSH_KEY_PASSPHRASE first (scripts, CI), then the terminal.
PASSPHRASE = passphrase_source(terminal_passphrase)
