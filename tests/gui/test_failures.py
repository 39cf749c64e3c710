"""What a user sees when something unexpected breaks in a worker: one sentence naming the log file,
which holds the traceback; never a traceback on screen."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from hksh_packager.core.common.logs import log_path
from hksh_packager.gui.main_window import MainWindow
from tests.gui.helpers import WAIT


def test_an_unexpected_error_in_a_worker_is_logged_and_named_in_one_sentence(
    qtbot: QtBot, window: MainWindow
) -> None:
    def work(progress, cancel):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a bug in a reader")

    window.jobs.start("broken", work,
                      failed=lambda exc: window.failures.report(exc, "reading a file"))  # fmt: skip
    qtbot.waitUntil(lambda: bool(window.failures.shown), timeout=WAIT)
    message = window.failures.shown[-1]
    assert message == (
        f"Something unexpected went wrong while reading a file. The details are in {log_path()}."
    )
    assert "Traceback" not in message
    logged = Path(log_path()).read_text("utf-8")
    assert "ZeroDivisionError: a bug in a reader" in logged and "Traceback" in logged
    assert window.failures.box is not None and window.failures.box.isVisible()
    window.failures.box.close()
