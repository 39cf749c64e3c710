"""Done: the new bundle as the verifier sees it, and its receipt for the upload email."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hksh_packager.core.common.units import human_size
from hksh_packager.core.verify.report import Verdict
from hksh_packager.core.workflows.receipt import PackedBundle
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.names import app_language
from hksh_packager.gui.pages.base import Page


class DonePage(Page):
    step = Step.DONE

    def __init__(self, window: Any, session: Any) -> None:
        super().__init__(window, session)
        self.packed: PackedBundle | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(
            self.tr("Done"),
            self.tr("The bundle is made and was checked the way the organisers will check it. "
                    "Upload it with the link the organisers sent, and paste the receipt in your "
                    "email."),
        ))  # fmt: skip
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        layout.addWidget(self.verdict)
        details = QWidget()
        form = QFormLayout(details)
        self.fields: dict[str, QLabel] = {}
        for name, label in (("path", self.tr("File")), ("size", self.tr("Size")),
                            ("sha256", self.tr("SHA-256")), ("key", self.tr("Key id")),
                            ("packed", self.tr("Packed at")),
                            ("receipt", self.tr("Receipt"))):  # fmt: skip
            value = QLabel()
            value.setObjectName(f"done-{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            form.addRow(label, value)
            self.fields[name] = value
        layout.addWidget(details)
        self.problems = QListWidget()
        self.problems.setObjectName("done-problems")
        self.problems.setAccessibleName(self.tr("Problems the verifier found"))
        layout.addWidget(self.problems, 1)
        row = QHBoxLayout()
        self.copy = QPushButton(self.tr("Copy receipt"))
        self.copy.setObjectName("copy-receipt")
        self.copy.clicked.connect(self.copy_receipt)
        self.show_folder = QPushButton(self.tr("Show in folder"))
        self.show_folder.setObjectName("show-in-folder")
        self.show_folder.clicked.connect(self._show_in_folder)
        self.as_judges = QPushButton(self.tr("See it as judges will"))
        self.as_judges.setObjectName("open-as-judges")
        self.as_judges.clicked.connect(self._open_as_judges)
        row.addWidget(self.copy)
        row.addWidget(self.show_folder)
        row.addWidget(self.as_judges)
        row.addStretch()
        layout.addLayout(row)
        layout.addStretch()
        self.show_packed(None)

    def show_packed(self, packed: PackedBundle | None) -> None:
        self.packed = packed
        self.copy.setEnabled(packed is not None)
        self.show_folder.setEnabled(packed is not None)
        self.as_judges.setEnabled(packed is not None)
        self.problems.clear()
        if packed is None:
            self.verdict.setText(self.tr("No bundle yet: pack the submission in Review and sign."))
            for value in self.fields.values():
                value.setText("")
            self.problems.setVisible(False)
            return
        report, receipt = packed.report, packed.receipt
        texts = {
            Verdict.VALID: self.tr("Valid: the bundle is intact and signed by a registered key."),
            Verdict.VALID_UNTRUSTED_KEY: self.tr(
                "Valid: the bundle is intact and signed with your team's key. The organisers "
                "check that key against the one you registered."
            ),
            Verdict.INVALID: self.tr("Invalid: the verifier found problems, listed below."),
        }
        self.verdict.setText(f"<b>{texts[report.verdict]}</b>")
        self.fields["path"].setText(str(packed.path))
        self.fields["size"].setText(f"{receipt.size:,} bytes ({human_size(receipt.size)})")
        self.fields["sha256"].setText(receipt.sha256)
        self.fields["key"].setText(receipt.key_id)
        self.fields["packed"].setText(receipt.packed_at.strftime("%Y-%m-%d %H:%M:%S UTC"))
        self.fields["receipt"].setText(str(packed.receipt_file))
        for problem in report.problems:
            self.problems.addItem(problem.text(app_language()))
        self.problems.setVisible(bool(report.problems))

    def copy_receipt(self) -> None:
        if self.packed is not None:
            QGuiApplication.clipboard().setText(self.packed.receipt.text())
            self.window_.statusBar().showMessage(self.tr("Receipt copied."), 5000)

    def _open_as_judges(self) -> None:
        if self.packed is not None:
            self.window_.open_bundle(self.packed.path)

    def _show_in_folder(self) -> None:
        if self.packed is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.packed.path.parent)))
