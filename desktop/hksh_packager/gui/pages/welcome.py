"""The first page, before a project is open: new, from the sample, open, recent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class WelcomePage(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__()
        self.setObjectName("page:welcome")
        self.window_ = window
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 30, 40, 30)
        title = QLabel(self.tr("<h1>HKSH Packager</h1>"))
        column.addWidget(title)
        intro = QLabel(self.tr(
            "Describe your solution to the Hong Kong/Shanghai Co-operation Open Data Challenge, "
            "check the datasets you used, and make the signed bundle you upload. Everything stays "
            "on this computer and works offline."
        ))  # fmt: skip
        intro.setWordWrap(True)
        column.addWidget(intro)
        row = QHBoxLayout()
        for name, text, slot in (
            ("new-project", self.tr("New project..."), lambda: window.new_project(False)),
            ("new-from-sample", self.tr("Start from the sample..."),
             lambda: window.new_project(True)),
            ("open-project", self.tr("Open project..."), window.choose_project),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch()
        column.addLayout(row)
        column.addWidget(QLabel(self.tr("Recent projects")))
        self.recent = QListWidget()
        self.recent.setObjectName("recent-projects")
        self.recent.setAccessibleName(self.tr("Recent projects"))
        self.recent.itemActivated.connect(
            lambda item: window.open_project(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        column.addWidget(self.recent, 1)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        for folder in self.window_.settings.recent_projects:
            item = QListWidgetItem(f"{folder.name}\n{folder}")
            item.setData(Qt.ItemDataRole.UserRole, str(folder))
            self.recent.addItem(item)
