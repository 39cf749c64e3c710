"""The stored trust list as organisers review it: every registered key with its team, key id and
status, revoked keys and keys listed for two teams marked."""

from __future__ import annotations

from hksh_packager.core.signing.trust import TrustList
from hksh_packager.core.signing.trust_store import EntryStatus, review
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ATTENTION = {EntryStatus.REVOKED: QColor(230, 126, 0), EntryStatus.SHARED: QColor(211, 47, 47)}


class TrustListDialog(QDialog):
    def __init__(self, trust: TrustList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trust-list")
        self.setWindowTitle(self.tr("Registered team keys"))
        self.resize(900, 480)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(self.tr("From {path}").format(path=trust.source)))
        views = review(trust)
        headers = [self.tr("Team"), self.tr("Name"), self.tr("Key id"), self.tr("Status"),
                   self.tr("Remark")]  # fmt: skip
        self.table = QTableWidget(len(views), len(headers))
        self.table.setObjectName("trust-entries")
        self.table.setAccessibleName(self.tr("Registered team keys"))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, view in enumerate(views):
            cells = (view.entry.team_id, view.entry.team_name, view.key_id, str(view.status),
                     view.remark)  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if view.status in ATTENTION:
                    item.setForeground(QBrush(ATTENTION[view.status]))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.setSortingEnabled(True)
        column.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
