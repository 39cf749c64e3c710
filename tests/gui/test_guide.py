"""The guide, offline and in the app's language: F1 (Help > Guide) opens it; it says how to hand
in (upload the bundle to the organisers' drive link, email the receipt) and what to do when a key
is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from hksh_packager.gui.dialogs.guide import GuideDialog
from hksh_packager.gui.main_window import MainWindow


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Upload the bundle", "email", "receipt", "Restore key")),
        ("zh_Hant_HK", ("上載到主辦單位", "電郵", "收據", "還原密鑰")),
        ("zh_Hans_CN", ("上传到主办方", "电子邮件", "回执", "恢复密钥")),
    ],
    indirect=["language"],
)
def test_f1_opens_the_guide_in_the_apps_language(
    qtbot: QtBot, settings, language: str, words: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    action = window.findChild(QAction, "guide")
    assert action is not None and action.shortcut() == QKeySequence(Qt.Key.Key_F1)
    action.trigger()  # what F1 does (the offscreen platform has no focus to send a key to)
    qtbot.waitUntil(lambda: window.findChild(GuideDialog) is not None, timeout=5_000)
    guide = window.findChild(GuideDialog)
    assert guide is not None
    text = guide.browser.toPlainText()
    for word in words:
        assert word in text, word
    shots = os.environ.get("HKSH_SCREENSHOTS")
    if shots:  # docs/screenshots/ is refreshed with HKSH_SCREENSHOTS=docs/screenshots
        guide.grab().save(str(Path(shots) / f"guide-{language}.png"))
    guide.close()
    window.close()
