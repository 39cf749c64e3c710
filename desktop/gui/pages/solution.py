"""Solution: what the team built, in the words judges read, and the challenge's theme."""

from __future__ import annotations

from typing import Any

from hksh_packager.core.workflows.readiness import Blocker
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.pages.base import Page, scrolled
from hksh_packager.gui.widgets.fields import FieldForm
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget


class SolutionPage(Page):
    step = Step.SOLUTION

    def __init__(self, window: Any, session: Any) -> None:
        super().__init__(window, session)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.heading(
            self.tr("Solution"),
            self.tr("Describe the solution as judges will read it. Errors show under a field as "
                    "you type; everything is saved as you go."),
        ))  # fmt: skip
        form = self.form = FieldForm(session)
        form.add_line("/title", self.tr("Title (English)"))
        form.add_line("/title_zh", self.tr("Title (Chinese)"))
        form.add_line("/tagline", self.tr("Tagline"), self.tr("One sentence"))
        form.add_text("/summary", self.tr("Summary"))
        form.add_text("/problem", self.tr("Problem"), self.tr("What problem does it solve?"))
        form.add_text("/solution", self.tr("Solution"), self.tr("How does it solve it?"))
        form.add_text("/impact", self.tr("Impact"), self.tr("Who benefits, and how?"))
        self.theme: QComboBox = form.add_choice("/theme", self.tr("Theme"), [])
        form.add_list_line(
            "/technologies", self.tr("Technologies"), self.tr("Python, pandas, Leaflet")
        )
        form.add_line("/links/demo", self.tr("Demo link"), "https://")
        form.add_line("/links/repository", self.tr("Repository link"), "https://")
        form.add_line("/links/video", self.tr("Video link"), "https://")
        column.addWidget(form)
        column.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(content))
        self.load()

    def _theme_choices(self) -> list[tuple[str, str]]:
        profile = self.session.profile
        themes = profile.document.get("themes", []) if profile else []
        return [("", self.tr("Choose..."))] + [(t, t) for t in themes]

    def load(self) -> None:
        FieldForm.set_choices(self.theme, self._theme_choices())
        self.form.load()

    def show_problem(self, blocker: Blocker) -> None:
        self.form.focus(blocker.pointer)
