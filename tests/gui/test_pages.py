"""The smaller things a user does on the pages: drop files, search the catalogue in Chinese, draft
a schema, export the public key, reopen a recent project, keep preferences."""

from __future__ import annotations

import base64
import itertools
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
)
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows.steps import Step, StepState
from hksh_packager.gui.dialogs.catalogue_search import CatalogueSearchDialog
from hksh_packager.gui.dialogs.preferences import PreferencesDialog
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.datasets import DatasetsPage
from hksh_packager.gui.pages.materials import MaterialsPage
from hksh_packager.gui.settings import AppSettings
from tests.gui.conftest import PASSPHRASE
from tests.gui.helpers import (
    WAIT,
    answer_next_dialog,
    child,
    open_project,
    page,
    settle,
    suggested,
    type_into,
)


def drop(widget, files: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """Drop files on a widget as the file manager does (drag enter, then drop)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    action = Qt.DropAction.CopyAction
    try:  # Qt 6.12 takes a QPointF and deprecates the QPoint form; earlier Qt takes a QPoint
        enter = QDragEnterEvent(QPointF(5, 5), action, mime, Qt.MouseButton.LeftButton,  # type: ignore[call-overload]
                                Qt.KeyboardModifier.NoModifier)  # fmt: skip
    except TypeError:
        enter = QDragEnterEvent(QPoint(5, 5), action, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(5, 5), action, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_files_dropped_on_datasets_and_materials_are_copied_in_and_listed(
    qtbot: QtBot, window: MainWindow, project_copy: Path, tmp_path: Path
) -> None:
    open_project(qtbot, window, project_copy)
    outside = tmp_path / "downloads"
    outside.mkdir()
    extra = outside / "latest_1min_humidity.csv"
    extra.write_text("Date time,Automatic Weather Station,Relative Humidity(percent)\n"
                     "202611241800,Chek Lap Kok,78\n", encoding="utf-8")  # fmt: skip
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    drop(datasets, [extra])
    qtbot.waitUntil(lambda: datasets.table.rowCount() == 3, timeout=WAIT)
    assert (project_copy / "data" / extra.name).read_bytes() == extra.read_bytes()
    # The header suggests the right catalogue entry first.
    qtbot.waitUntil(lambda: suggested(datasets) == "hk.hko.latest-1min-humidity", timeout=WAIT)
    slides = outside / "pitch.pptx"
    slides.write_bytes(b"PK\x03\x04 not really")
    materials = page(window, Step.MATERIALS)
    assert isinstance(materials, MaterialsPage)
    drop(materials, [slides])
    qtbot.waitUntil(lambda: materials.table.rowCount() == 3, timeout=WAIT)
    # At the final (the sample's stage) a PowerPoint is a proposal first.
    assert materials.attachments()[-1] == {"file": "docs/pitch.pptx", "kind": "proposal",
                                           "title": "pitch"}  # fmt: skip


def test_a_response_holding_several_tables_offers_each_and_validates_the_one_chosen(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    """HKO's current weather report (a real response): temperature by station and rainfall by
    district are both offered in full; the one chosen is validated at its own place in the file."""
    open_project(qtbot, window, project_copy)
    real = Path(__file__).parents[1] / "data" / "real" / "hko-rhrread-en-20200929.json"
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    drop(datasets, [real])
    qtbot.waitUntil(lambda: datasets.table.rowCount() == 3, timeout=WAIT)
    datasets.table.setCurrentCell(2, 0)
    qtbot.waitUntil(lambda: suggested(datasets) is not None, timeout=WAIT)
    offered = datasets.details.suggestion_list
    items = [offered.item(i) for i in range(offered.count())]
    full = [item for item in items if item.text().startswith("100% of")]
    ids = [item.data(Qt.ItemDataRole.UserRole) for item in full]
    assert sorted(ids) == ["hk.hko.current-weather-rainfall", "hk.hko.current-weather-temperature"]
    offered.setCurrentItem(full[ids.index("hk.hko.current-weather-temperature")])
    qtbot.mouseClick(child(datasets, QPushButton, "use-suggestion"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: datasets.entries()[2].get("catalogue_id")
                    == "hk.hko.current-weather-temperature", timeout=WAIT)  # fmt: skip
    datasets.validate_current()
    qtbot.waitUntil(lambda: datasets.table.item(2, 3).text() == "Valid", timeout=WAIT)


def test_the_catalogue_is_searched_in_traditional_and_simplified_chinese(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.catalogue is not None
    dialog = CatalogueSearchDialog(window.catalogue, window)
    qtbot.addWidget(dialog)
    for query in ("氣溫", "气温", "temperature"):
        dialog.query.setText(query)
        found = [dialog.results.item(i).data(Qt.ItemDataRole.UserRole)
                 for i in range(dialog.results.count())]  # fmt: skip
        assert "hk.hko.latest-1min-temperature" in found, query
    dialog.query.setText("上海 停车")
    assert dialog.chosen() == "sh.jtw.public-parking"


def test_a_drafted_schema_becomes_the_datasets_custom_schema_and_validates_it(
    qtbot: QtBot, window: MainWindow, project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_project(qtbot, window, project_copy)
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    datasets.table.setCurrentCell(1, 0)
    target = project_copy / "schemas" / "parking.schema.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(datasets.details.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: datasets.entries()[1].get("schema") == "schemas/parking.schema.json",
                    timeout=WAIT)  # fmt: skip
    assert "catalogue_id" not in datasets.entries()[1]
    assert json.loads(target.read_text("utf-8"))["type"] == "object"
    datasets.validate_current()
    qtbot.waitUntil(lambda: datasets.table.item(1, 3).text() == "Valid", timeout=WAIT)


def test_the_exported_public_key_is_the_key_the_page_shows(
    qtbot: QtBot, window: MainWindow, project_copy: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, file_keys: None,
) -> None:  # fmt: skip
    keys.generate_key("T042", lambda team, confirm: PASSPHRASE)
    open_project(qtbot, window, project_copy)
    team = page(window, Step.TEAM)
    status = child(team, QLabel, "key-status")
    qtbot.waitUntil(lambda: "Key id" in status.text(), timeout=WAIT)
    assert "passphrase-encrypted file" in status.text()
    target = tmp_path / "T042.pub"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(child(team, QPushButton, "export-key"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=WAIT)
    comment, key_line = target.read_text("utf-8").splitlines()
    assert comment.startswith("untrusted comment: ")
    raw = base64.b64decode(key_line)
    assert raw[:2] == b"Ed" and len(raw) == 42
    key_id = raw[2:10][::-1].hex().upper()  # minisign shows the id little-endian
    assert f"Key id {key_id}." in status.text()


def test_recent_projects_and_preferences_are_remembered(
    qtbot: QtBot, window: MainWindow, settings: AppSettings, project_copy: Path, tmp_path: Path
) -> None:
    open_project(qtbot, window, project_copy)
    assert settings.recent_projects[0] == project_copy.resolve()
    dialog = PreferencesDialog(settings, window)
    qtbot.addWidget(dialog)
    combo = child(dialog, QComboBox, "language")
    combo.setCurrentIndex(combo.findData("zh_Hant_HK"))
    dialog._save()
    assert AppSettings(settings._settings).language == "zh_Hant_HK"
    window.welcome.refresh()
    assert project_copy.name in window.welcome.recent.item(0).text()


def test_each_step_shows_whether_it_is_complete(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    open_project(qtbot, window, project_copy)
    settle(qtbot, window)
    states = window.step_state_now
    assert states[Step.TEAM] == StepState.INCOMPLETE  # no key yet
    assert states[Step.SOLUTION] == StepState.COMPLETE
    assert states[Step.DATASETS] == StepState.INCOMPLETE  # not validated yet
    assert window.steps.item(1).toolTip() == "complete"
    assert window.steps.item(2).toolTip() == "incomplete"
    # Choosing a problem in the panel goes to its step.
    item = next(window.problems.item(i) for i in range(window.problems.count())
                if "validated" in window.problems.item(i).text())  # fmt: skip
    window.problems.itemActivated.emit(item)
    assert window.steps.currentRow() == 2


def test_without_a_keyring_the_key_dialog_says_where_the_secret_will_be_kept(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        open_project(qtbot, window, project_copy)
        team = page(window, Step.TEAM)
        qtbot.waitUntil(lambda: child(team, QPushButton, "create-key").isEnabled(), timeout=WAIT)
        notices: list[str] = []

        def read_and_cancel(dialog) -> None:  # type: ignore[no-untyped-def]
            notices.append(child(dialog, QLabel, "key-store-notice").text())
            dialog.reject()

        answer_next_dialog(qtbot, read_and_cancel)
        qtbot.mouseClick(child(team, QPushButton, "create-key"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(notices), timeout=WAIT)
        assert "No working OS keyring was found" in notices[0]
        assert "encrypted with your passphrase" in notices[0]
        # Cancelled: no key was made, and the page offers to create one again.
        qtbot.waitUntil(lambda: child(team, QPushButton, "create-key").isEnabled(), timeout=WAIT)
        assert keys.list_keys() == []
    finally:
        keyring.set_keyring(previous)


def test_materials_show_what_each_file_really_is(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    (project_copy / "docs" / "demo.mp4").write_text("not a video at all\n", "utf-8")
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    document["attachments"].append({"file": "docs/demo.mp4", "kind": "video"})
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    open_project(qtbot, window, project_copy)
    materials = page(window, Step.MATERIALS)
    assert isinstance(materials, MaterialsPage)

    def what(row: int) -> str:
        item = materials.table.item(row, 3)
        return item.text() if item is not None else ""

    qtbot.waitUntil(lambda: what(2) != "", timeout=WAIT)
    assert [what(row) for row in range(3)] == ["PDF, 1 page", "PNG image, 96×64", "text"]
    settle(qtbot, window)
    reasons = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert any("is really text, not .mp4 or .mov or .webm as a file of kind video must be here" in r
               for r in reasons), reasons  # fmt: skip


def test_review_shows_the_submission_as_text_even_when_it_looks_like_markup(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    document["tagline"] = "<b>Bold</b> & <a href='x'>linked</a>"
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    open_project(qtbot, window, project_copy)
    review = page(window, Step.REVIEW)
    text = child(review, QTextBrowser, "review-text").toPlainText()
    assert "<b>Bold</b> & <a href='x'>linked</a>" in text
    lines = [line.strip() for line in text.splitlines()]
    shown = dict(itertools.pairwise(lines))  # each label's cell, then its value's
    assert shown["Stage"] == "final"
    assert shown["Sub-topic"] == "Public Transport Interchanges/Bus Stops and Parking"
    assert shown["Contact email"] == "taiman.chan@example.edu.hk"


def test_suggestions_say_reading_until_the_header_is_read_even_after_moving_away_and_back(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    open_project(qtbot, window, project_copy)
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    listed = datasets.details.suggestion_list
    datasets.table.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: suggested(datasets) == "hk.hko.latest-1min-temperature", timeout=WAIT)
    # No event is handled between these: the parking file's header cannot have been read.
    datasets.table.setCurrentCell(1, 0)
    datasets.table.setCurrentCell(0, 0)
    datasets.table.setCurrentCell(1, 0)
    assert [listed.item(i).text() for i in range(listed.count())] == ["Reading the header..."]
    qtbot.waitUntil(lambda: suggested(datasets) == "sh.jtw.public-parking", timeout=WAIT)


def test_the_header_row_given_in_the_app_applies_to_suggestions_and_validation(
    qtbot: QtBot, window: MainWindow, project_copy: Path, tmp_path: Path
) -> None:
    """A real HKO file saved with a source line above it that looks like a header (two values):
    nothing fits until the team says where the header is; then the entry is suggested, and the
    dataset validates with its rows numbered as the file's."""
    real = Path(__file__).parents[1] / "data" / "real" / "hko-latest_10min_wind-20250719-2230.csv"
    saved = tmp_path / "wind.csv"
    saved.write_text("Source:,Hong Kong Observatory,,,\n" + real.read_text("utf-8-sig"), "utf-8")
    open_project(qtbot, window, project_copy)
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    drop(datasets, [saved])
    qtbot.waitUntil(lambda: datasets.table.rowCount() == 3, timeout=WAIT)
    datasets.table.setCurrentCell(2, 0)
    offered = datasets.details.suggestion_list
    qtbot.waitUntil(lambda: offered.count() and "Reading" not in offered.item(0).text(),
                    timeout=WAIT)  # fmt: skip
    assert suggested(datasets) != "hk.hko.latest-10min-wind"
    header_row = child(datasets, QSpinBox, "dataset-header_row")
    header_row.setValue(2)
    assert datasets.entries()[2]["header_row"] == 2
    qtbot.waitUntil(lambda: suggested(datasets) == "hk.hko.latest-10min-wind", timeout=WAIT)
    qtbot.mouseClick(child(datasets, QPushButton, "use-suggestion"), Qt.MouseButton.LeftButton)
    datasets.validate_current()
    qtbot.waitUntil(lambda: datasets.table.item(2, 3).text() == "Valid", timeout=WAIT)
    header_row.setValue(0)  # "detected" again: the option is gone from submission.json
    assert "header_row" not in datasets.entries()[2]
    skip = child(datasets, QLineEdit, "dataset-skip_rows")
    type_into(qtbot, skip, "^Daily Max$")
    assert datasets.entries()[2]["skip_rows"] == ["^Daily Max$"]
    type_into(qtbot, skip, "")
    assert "skip_rows" not in datasets.entries()[2]
