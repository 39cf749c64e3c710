"""New project asks for the edition and the stage (the latest edition first) and where the folder
goes, and creates it; from the sample, the team gets a copy to make its own, declarations
cleared."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.review import ReviewPage
from tests.gui.helpers import WAIT, page


def test_a_new_project_is_for_the_edition_and_stage_chosen_in_a_folder_it_creates(
    qtbot: QtBot, settings, tmp_path: Path
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
    shots = os.environ.get("HKSH_SCREENSHOTS")
    if shots:  # docs/screenshots/ is refreshed with HKSH_SCREENSHOTS=docs/screenshots
        dialog.grab().save(str(Path(shots) / "new-project.png"))
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
