"""Preferences: the language of the app and the default folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from hksh_packager.gui.settings import LANGUAGES, AppSettings

FOLDERS = ("projects", "data", "bundles")


class PreferencesDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        form = QFormLayout(self)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES.items():
            self.language.addItem(self.tr("Follow the system") if not code else name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        form.addRow(self.tr("Language"), self.language)
        note = QLabel(self.tr("A new language is used from the next start of the app."))
        note.setWordWrap(True)
        form.addRow(note)
        labels = {"projects": self.tr("Projects"), "data": self.tr("Data files"),
                  "bundles": self.tr("Bundles")}  # fmt: skip
        self.folders: dict[str, QLineEdit] = {}
        for purpose in FOLDERS:
            row = QHBoxLayout()
            edit = QLineEdit(str(settings.folder(purpose)))
            edit.setObjectName(f"folder-{purpose}")
            edit.setAccessibleName(labels[purpose])
            browse = QPushButton(self.tr("Choose..."))
            browse.clicked.connect(lambda _=False, e=edit: self._choose(e))
            row.addWidget(edit, 1)
            row.addWidget(browse)
            self.folders[purpose] = edit
            form.addRow(labels[purpose], row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _choose(self, edit: QLineEdit) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), edit.text())
        if name:
            edit.setText(name)

    def _save(self) -> None:
        self.settings.language = self.language.currentData()
        for purpose, edit in self.folders.items():
            if Path(edit.text()).is_dir():
                self.settings.set_folder(purpose, Path(edit.text()))
        self.settings.sync()
        self.accept()
