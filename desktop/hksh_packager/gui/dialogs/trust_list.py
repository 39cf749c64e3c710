"""The stored trust list as organisers review it: every registered key with its team, key id and
status, revoked keys and keys listed for two teams marked."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hksh_packager.core.signing.trust import TrustList
from hksh_packager.core.signing.trust_store import EntryStatus, review
from hksh_packager.gui.widgets.tables import text_table

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
        rows = [(v.entry.team_id, v.entry.team_name, v.key_id, str(v.status), v.remark)
                for v in views]  # fmt: skip
        self.table = text_table("trust-entries", self.tr("Registered team keys"), headers, rows)
        for row, view in enumerate(views):
            if view.status in ATTENTION:
                for col in range(len(headers)):
                    item = self.table.item(row, col)
                    assert item is not None  # text_table fills every cell
                    item.setForeground(QBrush(ATTENTION[view.status]))
        self.table.setSortingEnabled(True)
        column.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
