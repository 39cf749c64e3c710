"""New project: the challenge's edition and stage a team enters (from the shipped profiles, the
latest edition first), where the project folder goes and its name, and whether to start from the
sample. The folder is created; core fills it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from hksh_packager.core.submission.profile import load_profile, shipped_profiles
from hksh_packager.gui.names import script_of, shown_name
from hksh_packager.gui.settings import AppSettings


def _names(item: dict[str, Any]) -> dict[str, str]:
    return {"en": item["title"], "zh_hant": item["title_zh_hant"],
            "zh_hans": item.get("title_zh_hans", item["title_zh_hant"])}  # fmt: skip


class NewProjectDialog(QDialog):
    def __init__(
        self, settings: AppSettings, from_sample: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new-project")
        self.setWindowTitle(self.tr("New project"))
        self.script = script_of()
        form = QFormLayout(self)
        self.challenge = QComboBox()
        self.challenge.setObjectName("new-challenge")
        for challenge in reversed(list(shipped_profiles())):  # the latest edition first
            profile = load_profile(challenge)
            self.challenge.addItem(shown_name(_names(profile.document), self.script), challenge)
        self.challenge.currentIndexChanged.connect(self._fill_stages)
        form.addRow(self.tr("Challenge"), self.challenge)
        self.stage = QComboBox()
        self.stage.setObjectName("new-stage")
        form.addRow(self.tr("Stage"), self.stage)
        self.name = QLineEdit("hksh-project")
        self.name.setObjectName("new-name")
        self.name.textChanged.connect(self._check)
        form.addRow(self.tr("Project name"), self.name)
        self.location = QLineEdit(str(settings.folder("projects")))
        self.location.setObjectName("new-location")
        self.location.textChanged.connect(self._check)
        choose = QPushButton(self.tr("Choose..."))
        choose.clicked.connect(self._choose_location)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(choose)
        form.addRow(self.tr("In the folder"), row)
        self.sample = QCheckBox(self.tr("Start from the sample, to make it your own"))
        self.sample.setObjectName("new-from-sample")
        self.sample.setChecked(from_sample)
        form.addRow(self.sample)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._fill_stages()
        self._check()

    def _fill_stages(self) -> None:
        self.stage.clear()
        challenge = self.challenge.currentData()
        if challenge:
            for stage in load_profile(challenge).document["stages"]:
                self.stage.addItem(shown_name(_names(stage), self.script), stage["id"])

    def _choose_location(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Where the project goes"),
                                                  self.location.text())  # fmt: skip
        if chosen:
            self.location.setText(chosen)

    def _check(self) -> None:
        name = self.name.text().strip()
        fine = bool(name) and "/" not in name and "\\" not in name and bool(self.location.text())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(fine)

    def folder(self) -> Path:
        """The project's folder: made by creating the project, inside the folder chosen."""
        return Path(self.location.text()) / self.name.text().strip()

    def choices(self) -> tuple[Path, bool, str, str]:
        """(folder, from the sample, challenge, stage)."""
        return (self.folder(), self.sample.isChecked(), str(self.challenge.currentData()),
                str(self.stage.currentData()))  # fmt: skip
