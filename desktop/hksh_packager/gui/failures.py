"""How a failure reaches the user: an error core explains is shown as its message; anything
unexpected is logged with its traceback and shown as one sentence naming the log file. Only one
dialog is open at a time: a second failure while it is shown is added to it, never stacked."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from hksh_packager.core.common.errors import Cancelled, HkshError
from hksh_packager.core.common.logs import log_unexpected

log = logging.getLogger(__name__)


def failure_text(exc: BaseException, doing: str) -> str | None:
    """What to tell the user about `exc` (None for a cancel, which needs no message)."""
    if isinstance(exc, Cancelled):
        return None
    if isinstance(exc, HkshError):
        return str(exc)
    where = log_unexpected(exc, doing)
    return QCoreApplication.translate(
        "FailureReporter",
        "Something unexpected went wrong while {doing}. The details are in {log}.",
    ).format(doing=doing, log=where)


class FailureReporter(QObject):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self._box: QMessageBox | None = None
        self.shown: list[str] = []  # every message shown, newest last

    def report(self, exc: BaseException, doing: str) -> None:
        text = failure_text(exc, doing)
        if text is None:
            return
        self.show_message(text)

    def show_message(self, text: str) -> None:
        self.shown.append(text)
        if self._box is not None and self._box.isVisible():
            self._box.setText(self._box.text() + "\n\n" + text)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("HKSH Packager"), text,
                          QMessageBox.StandardButton.Ok, self._window)  # fmt: skip
        box.setObjectName("failure-box")
        box.setAccessibleName(self.tr("Error message"))
        box.setWindowModality(box.windowModality().WindowModal)
        box.finished.connect(self._closed)
        self._box = box
        box.open()

    def _closed(self) -> None:
        self._box = None

    @property
    def box(self) -> QMessageBox | None:
        return self._box
