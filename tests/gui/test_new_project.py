"""New project asks for the edition and the stage (the latest edition first) and where the folder
goes, and creates it; from the sample, the team gets a copy to make its own, declarations
cleared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.review import ReviewPage
from tests.gui.helpers import WAIT, page


@pytest.mark.parametrize("language", ["en", "zh_Hant_HK", "zh_Hans_CN"], indirect=True)
def test_a_new_project_is_for_the_edition_and_stage_chosen_in_a_folder_it_creates(
    qtbot: QtBot, settings, tmp_path: Path, language: str
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    dialog = window.new_project(from_sample=True)
    challenges = [dialog.challenge.itemData(i) for i in range(dialog.challenge.count())]
    assert challenges == ["hksh-2025", "hksh-2023"]  # the latest edition first
    assert [dialog.stage.itemData(i) for i in range(dialog.stage.count())] == ["proposal", "final"]
    assert dialog.sample.isChecked()
    dialog.location.setText(str(tmp_path))  # the folder that holds projects exists...
    dialog.name.setText("harbour-heat")  # ...the project's own is made
    # The dialog speaks the app's language, the profile's stage names included.
    words = {"en": "Stage", "zh_Hant_HK": "階段", "zh_Hans_CN": "阶段"}[language]
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(words in text for text in labels), labels
    stage = {"en": "Proposal stage · 計劃書階段", "zh_Hant_HK": "計劃書階段 (Proposal stage)",
             "zh_Hans_CN": "计划书阶段 (Proposal stage)"}[language]  # fmt: skip
    assert dialog.stage.currentText() == stage
    shots = os.environ.get("HKSH_SCREENSHOTS")
    if shots:  # docs/screenshots/ is refreshed with HKSH_SCREENSHOTS=docs/screenshots
        suffix = "" if language == "en" else f"-{language}"
        dialog.grab().save(str(Path(shots) / f"new-project{suffix}.png"))
    dialog.accept()
    qtbot.waitUntil(lambda: window.session is not None, timeout=WAIT)
    assert window.session is not None
    assert window.session.value("/challenge") == "hksh-2025"
    assert window.session.value("/stage") == "proposal"
    assert (tmp_path / "harbour-heat" / "submission.json").is_file()
    # The sample's declarations are the team's to make: none is ticked.
    review = page(window, Step.REVIEW)
    assert isinstance(review, ReviewPage)
    assert not any(check.isChecked() for check in review.declarations.values())
    window.close()


def test_a_name_that_is_a_path_cannot_be_accepted(qtbot: QtBot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    window = MainWindow(settings)
    qtbot.addWidget(window)
    dialog = window.new_project(from_sample=False)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.name.setText("a/b")
    assert not ok.isEnabled()
    dialog.name.setText("")
    assert not ok.isEnabled()
    dialog.name.setText("team-project")
    assert ok.isEnabled()
    dialog.reject()
    window.close()
