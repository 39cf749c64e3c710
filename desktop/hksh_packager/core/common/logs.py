"""The application's log: a rotating file in the user log folder, written by a logger per module
(`logging.getLogger(__name__)`). Core logs its decisions (which key store, which reader, each stage
of a verification) at debug level; unexpected errors with their traceback at error level.

Faces call `configure_logging()` once at start; core never configures logging itself.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

from hksh_packager.core.common.paths import user_log_dir

LOG_NAME = "hksh-packager.log"
ROOT_LOGGER = "hksh_packager"
MAX_BYTES = 1 << 20
BACKUPS = 3

PRIVATE_FILE = 0o600  # a log names the user's files and folders: theirs alone, whatever the umask


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files, the first and each after a rollover, are the user's alone."""

    def _open(self):
        descriptor = os.open(
            self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE
        )
        if os.name == "posix":
            os.fchmod(descriptor, PRIVATE_FILE)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


_handler: logging.Handler | None = None
_handler_path: Path | None = None


def log_path() -> Path:
    return user_log_dir() / LOG_NAME


def configure_logging(level: int = logging.DEBUG) -> Path | None:
    """Send the application's log records to the rotating log file; return its path, or None when
    the log folder cannot be written (the application then runs without a log file). Calling it
    again is harmless, and follows a changed log folder (HKSH_HOME)."""
    global _handler, _handler_path
    path = log_path()
    logger = logging.getLogger(ROOT_LOGGER)
    logger.setLevel(level)
    logger.propagate = False
    if _handler is not None and _handler_path == path:
        return path
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
        _handler, _handler_path = None, None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(path.parent, 0o700)
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    logger.addHandler(handler)
    _handler, _handler_path = handler, path
    return path


def log_unexpected(exc: BaseException, context: str) -> str:
    """Log an unexpected error with its traceback; return where it was written, for the one line a
    user is shown (or a sentence saying it could not be written)."""
    path = configure_logging()
    logging.getLogger(ROOT_LOGGER).error(
        "unexpected error while %s (command line: %s)\n%s",
        context,
        " ".join(sys.argv),
        "".join(traceback.format_exception(exc)),
    )
    if _handler is not None:
        _handler.flush()
    return str(path) if path is not None else "(the log folder could not be written)"
