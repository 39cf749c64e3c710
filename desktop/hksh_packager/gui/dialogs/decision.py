"""An organiser's decision on one bundle of an intake: accept it though late, or reject it, with
the reason and who decides (kept in the intake's ledger, shown in every report)."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from hksh_packager.core.verify.intake import DECISIONS, DecisionKind
from hksh_packager.gui.names import said


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name this system will give
        return ""


class DecisionDialog(QDialog):
    def __init__(self, bundle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decision-dialog")
        self.setWindowTitle(self.tr("Decide on a bundle"))
        form = QFormLayout(self)
        shown = QLabel(bundle)
        shown.setTextFormat(shown.textFormat().PlainText)  # a bundle's name is a stranger's text
        form.addRow(self.tr("Bundle"), shown)
        self.kind = QComboBox()
        self.kind.setObjectName("decision-kind")
        for kind in DecisionKind:
            self.kind.addItem(said(DECISIONS[kind]()), kind)
        form.addRow(self.tr("Decision"), self.kind)
        self.reason = QLineEdit()
        self.reason.setObjectName("decision-reason")
        self.reason.setPlaceholderText(self.tr("Why, for the judges and the record"))
        form.addRow(self.tr("Reason"), self.reason)
        self.who = QLineEdit(_user())
        self.who.setObjectName("decision-who")
        form.addRow(self.tr("Decided by"), self.who)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for field in (self.reason, self.who):
            field.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = bool(self.reason.text().strip()) and bool(self.who.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def choice(self) -> tuple[DecisionKind, str, str]:
        return DecisionKind(self.kind.currentData()), self.reason.text(), self.who.text()
