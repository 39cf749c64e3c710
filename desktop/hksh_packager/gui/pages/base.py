"""What every step page has: the session it shows, the window's jobs and failure reporter, and a
way to take the user to the field or file a problem concerns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from hksh_packager.core.workflows.readiness import Blocker
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.session import ProjectSession

if TYPE_CHECKING:
    from hksh_packager.gui.main_window import MainWindow


class Page(QWidget):
    step: Step

    def __init__(self, window: MainWindow, session: ProjectSession) -> None:
        super().__init__()
        self.window_ = window
        self.session = session
        self.setObjectName(f"page:{self.step}")

    def heading(self, title: str, intro: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 6)
        heading = QLabel(f"<h2>{title}</h2>")
        column.addWidget(heading)
        text = QLabel(intro)
        text.setWordWrap(True)
        column.addWidget(text)
        return box

    def show_problem(self, blocker: Blocker) -> None:
        """Take the user to what `blocker` concerns (the field or the file)."""

    def entered(self) -> None:
        """The page became the current one."""

    def closing(self) -> None:
        """The project is closing: stop what the page runs."""


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area
