"""The Team step moves the key to another laptop: Back up key writes it under a passphrase, and
Restore key, in a fresh user folder, brings back the same key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.main_window import MainWindow
from tests.gui.conftest import PASSPHRASE
from tests.gui.helpers import WAIT, answer_next_dialog, child, open_project, page, type_passphrase

BACKUP_PASSPHRASE = "another long passphrase"


def test_a_key_backed_up_in_the_app_is_restored_in_a_fresh_user_folder(
    qtbot: QtBot, window: MainWindow, project_copy: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, file_keys: None,
) -> None:  # fmt: skip
    original = keys.generate_key("T042", lambda team, confirm: PASSPHRASE).info.key_id
    open_project(qtbot, window, project_copy)
    team = page(window, Step.TEAM)
    status = child(team, QLabel, "key-status")
    qtbot.waitUntil(lambda: "Key id" in status.text(), timeout=WAIT)
    backup = tmp_path / "T042.hkshkey"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(backup), ""))

    def unlock_then_choose(dialog) -> None:  # type: ignore[no-untyped-def]
        answer_next_dialog(qtbot, lambda second: type_passphrase(second, BACKUP_PASSPHRASE))
        type_passphrase(dialog, PASSPHRASE)  # the key's own, to unlock it

    answer_next_dialog(qtbot, unlock_then_choose)
    qtbot.mouseClick(child(team, QPushButton, "backup-key"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(backup.exists, timeout=WAIT)
    assert json.loads(backup.read_text())["team_id"] == "T042"

    # Another laptop: a fresh user folder, no key for the team.
    monkeypatch.setenv("HKSH_HOME", str(tmp_path / "other-laptop"))
    team.refresh_key()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "no key on this computer" in status.text(), timeout=WAIT)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    answer_next_dialog(qtbot, lambda dialog: type_passphrase(dialog, BACKUP_PASSPHRASE))
    qtbot.mouseClick(child(team, QPushButton, "restore-key"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f"Key id {original}." in status.text(), timeout=WAIT)
    assert keys.find_key("T042").public_key.id_hex == original
