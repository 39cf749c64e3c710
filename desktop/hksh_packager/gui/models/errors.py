"""Validation errors as a Qt table (row, column, value, rule, message), with a filter by column and
by rule. Core keeps the errors capped per column and rule, so the model stays small."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from hksh_packager.core.validation.results import CellError
from hksh_packager.gui.models.filtering import filter_change
from hksh_packager.gui.names import said

Index = QModelIndex | QPersistentModelIndex
ERROR_ROLE = Qt.ItemDataRole.UserRole + 1


class ErrorsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.errors: list[CellError] = []
        self.headers = [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Rule"),
                        self.tr("Problem")]  # fmt: skip

    def set_errors(self, errors: Sequence[CellError]) -> None:
        self.beginResetModel()
        self.errors = list(errors)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.errors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        error = self.errors[index.row()]
        if role == ERROR_ROLE:
            return error
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return error.row
            values = (error.column or self.tr("(whole row)"), error.value, error.keyword,
                      said(error.message))  # fmt: skip
            return values[column - 1]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return said(error.message)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def columns(self) -> list[str]:
        return sorted({e.column for e in self.errors})

    def rules(self) -> list[str]:
        return sorted({e.keyword for e in self.errors})


class ErrorFilter(QSortFilterProxyModel):
    """Shows the errors of one column and/or one rule ("" for all)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.column = ""
        self.rule = ""
        self.setSortRole(Qt.ItemDataRole.DisplayRole)

    def set_filter(self, column: str | None = None, rule: str | None = None) -> None:
        with filter_change(self):
            if column is not None:
                self.column = column
            if rule is not None:
                self.rule = rule

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ErrorsModel)
        error = model.errors[source_row]
        if self.column and error.column != self.column:
            return False
        return not (self.rule and error.keyword != self.rule)
