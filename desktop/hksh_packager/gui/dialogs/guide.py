"""The guide: how to go from an empty folder to a bundle handed in, what judges receive and what
to do when a key is lost, offline, in the app's language (resources/help/guide.<language>.html)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from hksh_packager.core.common.paths import resources_dir
from hksh_packager.gui.names import app_language


def guide_file(language: str) -> Path:
    """The guide in `language`, or in English when there is none in it."""
    folder = resources_dir() / "help"
    found = folder / f"guide.{language}.html"
    return found if found.is_file() else folder / "guide.en.html"


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle(self.tr("Guide"))
        self.resize(720, 640)
        column = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide-text")
        self.browser.setAccessibleName(self.tr("Guide"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_file(app_language()).read_text("utf-8"))
        column.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
