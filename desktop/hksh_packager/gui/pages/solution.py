"""Solution: what the team built, in the words judges read, and the challenge's theme."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from hksh_packager.core.submission.draft import with_theme
from hksh_packager.core.workflows.readiness import Blocker
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.names import script_of, shown_name
from hksh_packager.gui.pages.base import Page, scrolled
from hksh_packager.gui.widgets.fields import FieldForm


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
        self.stage: QComboBox = form.add_choice("/stage", self.tr("Stage"), [])
        form.add_line("/title", self.tr("Title (English)"))
        form.add_line("/title_zh", self.tr("Title (Chinese)"))
        form.add_line("/tagline", self.tr("Tagline"), self.tr("One sentence"))
        form.add_text("/summary", self.tr("Summary"))
        form.add_text("/problem", self.tr("Problem"), self.tr("What problem does it solve?"))
        form.add_text("/solution", self.tr("Solution"), self.tr("How does it solve it?"))
        form.add_text("/impact", self.tr("Impact"), self.tr("Who benefits, and how?"))
        self.theme: QComboBox = form.add_choice("/theme", self.tr("Theme"), [])
        self.theme.activated.connect(self._theme_chosen)
        self.subtopic: QComboBox = form.add_choice("/subtopic", self.tr("Sub-topic"), [])
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

    def _choices(self, named: list[dict[str, Any]]) -> list[tuple[str, str]]:
        script = script_of()
        return [("", self.tr("Choose..."))] + [(n["en"], shown_name(n, script)) for n in named]

    def _stage_choices(self) -> list[tuple[str, str]]:
        profile = self.session.profile
        stages = profile.document["stages"] if profile else []
        script = script_of()
        names = [
            {"en": s["title"], "zh_hant": s["title_zh_hant"],
             "zh_hans": s.get("title_zh_hans", s["title_zh_hant"])}
            for s in stages
        ]  # fmt: skip
        return [("", self.tr("Choose..."))] + [
            (stage["id"], shown_name(name, script))
            for stage, name in zip(stages, names, strict=True)
        ]

    def _theme_chosen(self, index: int) -> None:
        """A new theme keeps the sub-topic only when it belongs to it."""
        profile = self.session.profile
        theme = self.theme.itemData(index) or None
        topics = [t["en"] for t in profile.subtopics(theme)] if profile else []
        self.session.replace_document(with_theme(self.session.document, theme, topics), "/theme")
        self.load()

    def load(self) -> None:
        profile = self.session.profile
        FieldForm.set_choices(self.stage, self._stage_choices())
        FieldForm.set_choices(self.theme, self._choices(profile.themes if profile else []))
        theme = self.session.value("/theme")
        FieldForm.set_choices(
            self.subtopic, self._choices(profile.subtopics(theme) if profile else [])
        )
        self.form.load()

    def show_problem(self, blocker: Blocker) -> None:
        self.form.focus(blocker.pointer)
