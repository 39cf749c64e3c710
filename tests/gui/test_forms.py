"""Errors next to the fields as the user types, Pack held back with its reasons, and nothing typed
is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.review import ReviewPage
from hksh_packager.gui.pages.team import TeamPage
from hksh_packager.gui.session import AUTOSAVE_MS
from hksh_packager.gui.settings import AppSettings
from tests.gui.helpers import WAIT, child, open_project, page, settle, type_into


def _saved(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "submission.json").read_text("utf-8"))


def _reasons(review: ReviewPage) -> list[str]:
    return [review.reasons.item(i).text() for i in range(review.reasons.count())]


@pytest.mark.slow
def test_field_errors_show_as_the_user_types_and_pack_waits_for_them(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    open_project(qtbot, window, project_copy)
    team = page(window, Step.TEAM)
    assert isinstance(team, TeamPage)
    name_error = child(team, QLabel, "error:/team/name")
    assert not name_error.isVisibleTo(team)
    type_into(qtbot, child(team, QLineEdit, "/team/name"), "")  # emptied: now required
    assert name_error.text() == "Team name is required; fill it in"
    team.members.item(1, 2).setText("li@")
    assert "Member 2 email is not an email address" in team.member_errors.text()
    solution = page(window, Step.SOLUTION)
    type_into(qtbot, child(solution, QLineEdit, "/title"), "x" * 130)
    assert child(solution, QLabel, "error:/title").text() == (
        "Title (English) is too long: at most 120 characters (now 130); shorten it"
    )
    settle(qtbot, window)
    review = page(window, Step.REVIEW)
    assert isinstance(review, ReviewPage)
    assert not review.pack_button.isEnabled()
    reasons = _reasons(review)
    for expected in ("Team name is required", "Member 2 email is not an email address",
                     "Title (English) is too long"):  # fmt: skip
        assert any(expected in reason for reason in reasons), reasons
    # Choosing a reason takes the user to the field.
    item = next(review.reasons.item(i) for i in range(review.reasons.count())
                if "Team name" in review.reasons.item(i).text())  # fmt: skip
    review.reasons.itemActivated.emit(item)
    assert window.steps.currentRow() == 0
    assert QApplicationFocus.widget() is child(team, QLineEdit, "/team/name")
    type_into(qtbot, child(team, QLineEdit, "/team/name"), "Harbour Lab")
    team.members.item(1, 2).setText("li@example.cn")
    type_into(qtbot, child(solution, QLineEdit, "/title"), "HarbourAir")
    settle(qtbot, window)
    remaining = _reasons(review)
    assert not any("Team name" in r or "email" in r or "Title" in r for r in remaining), remaining


class QApplicationFocus:
    @staticmethod
    def widget():  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        return QApplication.focusWidget()


def test_typing_is_on_disk_within_a_second_without_any_save(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    open_project(qtbot, window, project_copy)
    solution = page(window, Step.SOLUTION)
    type_into(qtbot, child(solution, QPlainTextEdit, "/impact"), "Cooler walks for everyone.")
    # No save, no close: the draft reaches the disk on its own, after a pause in typing.
    qtbot.waitUntil(lambda: _saved(project_copy).get("impact") == "Cooler walks for everyone.",
                    timeout=AUTOSAVE_MS + 1000)  # fmt: skip
    assert not list(project_copy.glob("*.part"))


def test_edits_made_just_before_the_window_goes_are_on_disk_when_it_reopens(
    qtbot: QtBot, settings: AppSettings, project_copy: Path
) -> None:
    first = MainWindow(settings)  # not handed to qtbot: this test destroys it itself
    first.show()
    open_project(qtbot, first, project_copy)
    type_into(qtbot, child(page(first, Step.TEAM), QLineEdit, "/team/organisation"), "HKUST")
    first.close()  # at once, before the autosave pause is over
    first.deleteLater()
    qtbot.wait(10)
    assert _saved(project_copy)["team"]["organisation"] == "HKUST"
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    open_project(qtbot, second, project_copy)
    assert child(page(second, Step.TEAM), QLineEdit, "/team/organisation").text() == "HKUST"
    second.close()


def test_a_new_project_refuses_a_folder_with_files_and_says_so(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    before = sorted(p.name for p in project_copy.iterdir())
    window.create_project(project_copy, from_sample=False)
    qtbot.waitUntil(lambda: bool(window.failures.shown), timeout=WAIT)
    assert "is not empty" in window.failures.shown[-1]
    assert sorted(p.name for p in project_copy.iterdir()) == before
    # A second failure while the first message is open goes into the same dialog.
    window.create_project(project_copy, from_sample=True)
    qtbot.waitUntil(lambda: len(window.failures.shown) == 2, timeout=WAIT)
    box = window.failures.box
    assert box is not None and box.text().count("is not empty") == 2
    shutil.rmtree(project_copy / "data")  # still not empty: nothing was touched


def test_the_submission_id_hint_is_the_teams_own(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    """The hint follows this team's id and edition, never the sample's team (T042)."""
    open_project(qtbot, window, project_copy)
    team = page(window, Step.TEAM)
    submission_id = child(team, QLineEdit, "/submission_id")
    type_into(qtbot, submission_id, "")
    type_into(qtbot, child(team, QLineEdit, "/team/id"), "T777")
    settle(qtbot, window)
    assert submission_id.placeholderText() == "HKSH2023-T777"
    type_into(qtbot, child(team, QLineEdit, "/team/id"), "")
    settle(qtbot, window)
    assert submission_id.placeholderText() == "HKSH2023-<team id>"
