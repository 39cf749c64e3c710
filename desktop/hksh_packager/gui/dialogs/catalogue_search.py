"""Finding a dataset in the catalogue by words in English, 繁體 or 简体."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hksh_packager.gui.names import shown_name

if TYPE_CHECKING:  # given loaded
    from hksh_packager.core.catalogue.catalogue import Catalogue


class CatalogueSearchDialog(QDialog):
    def __init__(
        self, catalogue: Catalogue, parent: QWidget | None = None, script: str = "en"
    ) -> None:
        super().__init__(parent)
        self.script = script  # titles are shown in this script first (gui.names.script_of)
        self.setObjectName("catalogue-search")
        self.setWindowTitle(self.tr("Search the dataset catalogue"))
        self.resize(620, 420)
        self.catalogue = catalogue
        column = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setObjectName("catalogue-query")
        self.query.setAccessibleName(self.tr("Search words"))
        self.query.setPlaceholderText(self.tr("For example: temperature, 氣溫, 停车场"))
        self.query.textChanged.connect(self._search)
        column.addWidget(self.query)
        self.results = QListWidget()
        self.results.setObjectName("catalogue-results")
        self.results.setAccessibleName(self.tr("Catalogue entries found"))
        self.results.itemDoubleClicked.connect(lambda item: self.accept())
        column.addWidget(self.results)
        self.note = QLabel()
        column.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self._search("")

    def _search(self, text: str) -> None:
        self.results.clear()
        found = (
            self.catalogue.search(text)
            if text.strip()
            else [(entry, 0) for entry in self.catalogue.entries.values()]
        )
        for entry, _score in found:
            item = QListWidgetItem(f"{shown_name(entry.titles(), self.script)}\n{entry.id}")
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.note.setText(self.tr("{n} entries").format(n=len(found)))

    def chosen(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
