"""Asking for the team key's passphrase (twice when a new key is made)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from hksh_packager.core.signing.keystore.encrypted_file import MIN_PASSPHRASE

MIN_LENGTH = MIN_PASSPHRASE  # the key store refuses shorter ones


class PassphraseDialog(QDialog):
    def __init__(
        self,
        team_id: str,
        *,
        confirm: bool,
        notice: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`notice`: why the key goes to an encrypted file (no keyring), said before asking."""
        super().__init__(parent)
        self.setObjectName("passphrase-dialog")
        self.setWindowTitle(self.tr("Passphrase for team {team}").format(team=team_id))
        form = QFormLayout(self)
        intro = (
            self.tr(
                "The secret key will be kept in a file encrypted with this passphrase. Choose one "
                "of at least {n} characters and keep it safe: without it the key cannot be used."
            ).format(n=MIN_LENGTH)
            if confirm
            else self.tr("Enter the passphrase of team {team}'s key.").format(team=team_id)
        )
        if notice:
            said = QLabel(notice)
            said.setObjectName("key-store-notice")
            said.setWordWrap(True)
            form.addRow(said)
        label = QLabel(intro)
        label.setWordWrap(True)
        form.addRow(label)
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(self.tr("Passphrase"))
        form.addRow(self.tr("Passphrase"), self.first)
        self.second: QLineEdit | None = None
        if confirm:
            self.second = QLineEdit()
            self.second.setObjectName("passphrase-again")
            self.second.setEchoMode(QLineEdit.EchoMode.Password)
            self.second.setAccessibleName(self.tr("Passphrase again"))
            form.addRow(self.tr("Again"), self.second)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        text = self.first.text()
        if self.second is not None:
            if len(text) < MIN_LENGTH:
                self.message.setText(self.tr("Use at least {n} characters.").format(n=MIN_LENGTH))
                return
            if text != self.second.text():
                self.message.setText(self.tr("The two passphrases differ; type them again."))
                return
        elif not text:
            self.message.setText(self.tr("Enter the passphrase."))
            return
        self.accept()

    def passphrase(self) -> str:
        return self.first.text()
