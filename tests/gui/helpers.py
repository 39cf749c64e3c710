"""Driving the app as a user would: open, go to a step, answer a dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui import names
from hksh_packager.gui.app import install_translation
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.base import Page

WAIT = 20_000


def open_project(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    window.open_project(folder)
    qtbot.waitUntil(lambda: window.session is not None and window.session.readiness is not None,
                    timeout=WAIT)  # fmt: skip


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until every save and check queued so far has run."""
    assert window.session is not None
    session = window.session
    qtbot.waitUntil(lambda: not session.pending and not window.jobs.busy(), timeout=WAIT)


def page(window: MainWindow, step: Step) -> Page:
    return window.go_to_step(step)


def child(parent: QWidget, cls: type, name: str):  # type: ignore[no-untyped-def]
    found = parent.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name}"
    return found


def answer_next_dialog(qtbot: QtBot, answer: Callable[[QDialog], None]) -> None:
    """Answer the next modal dialog that opens (it blocks the test's own code)."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            answer(dialog)
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)


def type_passphrase(dialog: QDialog, passphrase: str) -> None:
    """Fill the passphrase dialog (both fields when it asks twice) and press OK."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    for name in ("passphrase", "passphrase-again"):
        field = dialog.findChild(QLineEdit, name)
        if field is not None:
            field.setText(passphrase)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry with the keyboard, as a user does (the combo reports it as activated)."""
    combo.setFocus()
    while combo.currentText() != text:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{text!r} is not offered"


def type_into(qtbot: QtBot, widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Type as a user does: keys for Latin text, an input method's commit for Chinese."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def suggested(datasets) -> str | None:  # type: ignore[no-untyped-def]
    """The catalogue id the Datasets step suggests first for the selected file, once it has read
    the header."""
    item = datasets.details.suggestion_list.currentItem()
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


@contextmanager
def in_language(language: str) -> Iterator[QTranslator | None]:
    """The app's Qt strings and core's messages in `language` while the block runs, then back to
    English ("pseudo": core's pseudo locale); the app's translator, when one was installed."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = set(app.findChildren(QTranslator))
    installed = None
    if language == "pseudo":
        names.set_language("pseudo")
    else:
        installed = install_translation(app, language)
    try:
        yield installed
    finally:
        for translator in set(app.findChildren(QTranslator)) - before:
            app.removeTranslator(translator)
            translator.deleteLater()
        names.set_language("en")
