"""The intake as a Qt table: the same columns, texts and sort order as the judges' HTML report
(core's intake.COLUMNS), so the app and the report never disagree."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from hksh_packager.core.verify.intake import COLUMNS, Intake, IntakeEntry
from hksh_packager.core.verify.report import Verdict
from hksh_packager.gui.models.filtering import filter_change
from hksh_packager.gui.names import app_language, said

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
# Verdict colours legible on light and dark palettes alike (mid-tone, bold text).
VERDICT_COLOURS = {Verdict.INVALID: QColor(211, 47, 47), Verdict.VALID: QColor(46, 125, 50),
                   Verdict.VALID_UNTRUSTED_KEY: QColor(230, 126, 0)}  # fmt: skip


class IntakeModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: tuple[IntakeEntry, ...] = ()

    def set_intake(self, intake: Intake | None) -> None:
        self.beginResetModel()
        self.entries = intake.entries if intake is not None else ()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry, column = self.entries[index.row()], COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(entry, app_language())
        if role == SORT_ROLE:
            return column.sort(entry)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "verdict":
            return QBrush(VERDICT_COLOURS[entry.report.verdict])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.key in ("size", "problems"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return said(COLUMNS[section].header())


class IntakeFilter(QSortFilterProxyModel):
    """Rows whose text holds every word typed, with the chosen verdict; sorted by the column's
    own sort value (sizes as bytes, times as seconds)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.words = ""
        self.verdict = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, words: str | None = None, verdict: str | None = None) -> None:
        with filter_change(self):
            if words is not None:
                self.words = words.casefold().strip()
            if verdict is not None:
                self.verdict = verdict

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        entry: IntakeEntry = model.data(model.index(row, 0, parent), ENTRY_ROLE)
        if self.verdict and str(entry.report.verdict) != self.verdict:
            return False
        if not self.words:
            return True
        text = " ".join(column.text(entry, app_language()) for column in COLUMNS).casefold()
        return all(word in text for word in self.words.split())
