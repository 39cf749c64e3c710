"""The organisers' window on an intake kept in a ledger: it opens the ledger and shows arrival,
the team's signed time and decisions; decisions are made from it; it refreshes as a watched
folder receives bundles."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from hksh_packager.core.verify.intake import COLUMNS, DecisionKind
from hksh_packager.core.workflows.intake import scan
from hksh_packager.gui.intake_window import IntakeWindow
from tests.gui.helpers import WAIT, answer_next_dialog
from tests.intake import KEYS, _pack

HEADERS = [column.key for column in COLUMNS]


def _cell(window: IntakeWindow, row: int, key: str) -> str:
    return window.proxy.index(row, HEADERS.index(key)).data()


def test_the_window_shows_a_ledgers_arrivals_and_records_a_decision(
    qtbot: QtBot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    drive, intake = tmp_path / "drive", tmp_path / "intake"
    drive.mkdir()
    _pack(tmp_path / "work", drive / "t001.zip", "T001", "Map", KEYS["T001"], 1_690_000_000)
    scan([drive], intake, workers=0, now=lambda: 1_690_000_600)
    window = IntakeWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_intake(intake)
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=WAIT)
    assert _cell(window, 0, "arrived").endswith("UTC+8") and _cell(window, 0, "decision") == ""
    assert _cell(window, 0, "signed") == "2023-07-22 12:26 UTC+8"
    window.table.selectRow(0)

    def decide(dialog: QDialog) -> None:
        kind = dialog.findChild(QComboBox, "decision-kind")
        kind.setCurrentIndex(kind.findData(DecisionKind.REJECT))
        dialog.findChild(QLineEdit, "decision-reason").setText("sent for another team")
        dialog.findChild(QLineEdit, "decision-who").setText("Ada")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    answer_next_dialog(qtbot, decide)
    window.decide_current()
    qtbot.waitUntil(lambda: _cell(window, 0, "decision") == "rejected", timeout=WAIT)
    entry = window.intake.entries[0]  # type: ignore[union-attr]
    assert not entry.accepted
    assert any("rejected by Ada" in f and "sent for another team" in f for f in entry.findings)
    window.close()


def test_a_watched_folder_fills_the_table_as_bundles_arrive(qtbot: QtBot, tmp_path: Path) -> None:
    drive, intake = tmp_path / "drive", tmp_path / "intake"
    drive.mkdir()
    bundle = _pack(tmp_path / "work", tmp_path / "t002.zip", "T002", "Trams", KEYS["T002"],
                   1_690_000_000)  # fmt: skip
    window = IntakeWindow()
    qtbot.addWidget(window)
    window.show()
    window.ledger = intake
    window.watch(drive, settle=0.5)
    shutil.copyfile(bundle, drive / "t002.zip")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=60_000)
    assert "T002" in _cell(window, 0, "team")
    window.close()  # cancels the watch, which ends within a second
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=15_000)
