"""A data file as a Qt table, lazily: the view asks only for the cells it shows, and core's
preview answers each from the rows it holds, so a million rows scroll smoothly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
MARK = QBrush(QColor(255, 205, 210))  # a bad cell, legible with dark text on either palette

if TYPE_CHECKING:  # the data stack loads in workers
    from hksh_packager.core.datasets.preview import TablePreview


class PreviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.preview: TablePreview | None = None
        self.marked: tuple[int, int] | None = None  # (preview row, column) of the chosen error

    def set_preview(self, preview: TablePreview | None) -> None:
        self.beginResetModel()
        self.preview, self.marked = preview, None
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self.preview is None else self.preview.rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.preview is None else len(self.preview.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.preview is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.preview.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.BackgroundRole and self.marked == (index.row(), index.column()):
            return MARK
        if role == Qt.ItemDataRole.ForegroundRole and self.marked == (index.row(), index.column()):
            return QBrush(QColor(0, 0, 0))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.preview is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.preview.columns[section]
        return self.preview.row_number(section)  # the file's row, as errors name it

    def mark(self, row: int, column: int) -> QModelIndex:
        """Highlight a cell; return its index for the view to select and scroll to."""
        old = self.marked
        self.marked = (row, column)
        for cell in (old, self.marked):
            if cell is not None:
                changed = self.index(*cell)
                self.dataChanged.emit(changed, changed)
        return self.index(row, column)
