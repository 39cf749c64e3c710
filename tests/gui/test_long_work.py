"""Long work in the app: validation and packing run in workers, show progress, and Cancel leaves
nothing half-made; an error chosen in the table shows its cell in the data."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.datasets import DatasetsPage
from hksh_packager.gui.pages.review import ReviewPage
from tests.gui.conftest import PASSPHRASE
from tests.gui.helpers import (
    WAIT,
    answer_next_dialog,
    child,
    open_project,
    page,
    settle,
    type_passphrase,
)

TEMPERATURE = "data/latest_1min_temperature.csv"


@pytest.fixture
def big_project(project_copy: Path) -> Path:
    """The sample with a temperature file of 1.5 million valid readings (about 60 MB)."""
    rows = (project_copy / TEMPERATURE).read_text("utf-8-sig").splitlines()[1:]
    stations = [row.split(",")[1] for row in rows]
    start = datetime(2026, 1, 1)
    with (project_copy / TEMPERATURE).open("w", encoding="utf-8") as handle:
        handle.write("Date time,Automatic Weather Station,Air Temperature(degree Celsius)\n")
        for minute in range(75_000):  # one reading per station and minute, all different
            stamp = (start + timedelta(minutes=minute)).strftime("%Y%m%d%H%M")
            handle.write("".join(f"{stamp},{s},2{minute % 10}.{minute % 7}\n" for s in stations))
    return project_copy


@pytest.mark.slow
def test_cancel_during_validation_stops_it_and_the_page_works_again(
    qtbot: QtBot, window: MainWindow, big_project: Path
) -> None:
    open_project(qtbot, window, big_project)
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    datasets.table.setCurrentCell(0, 0)
    qtbot.mouseClick(datasets.validate_button, Qt.MouseButton.LeftButton)
    cancel = child(datasets, QPushButton, "validation-cancel")
    qtbot.waitUntil(lambda: "rows" in datasets.progress.label.text(), timeout=WAIT)
    assert not datasets.validate_button.isEnabled()  # no second run on top of this one
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: datasets.job is None, timeout=WAIT)
    assert datasets.progress.label.text() == "Validation stopped."
    assert window.session is not None and TEMPERATURE not in window.session.validations
    assert not window.failures.shown  # a cancel is not an error
    assert datasets.table.item(0, 3).text() == "Not checked"
    # The page is usable: the other file validates.
    datasets.table.setCurrentCell(1, 0)
    qtbot.mouseClick(datasets.validate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: datasets.table.item(1, 3).text() == "Valid", timeout=WAIT)


@pytest.mark.slow
def test_cancel_during_packing_leaves_no_bundle_and_packing_can_start_again(
    qtbot: QtBot, window: MainWindow, big_project: Path, tmp_path: Path, file_keys: None
) -> None:
    from hksh_packager.core.workflows import keys

    keys.generate_key("T042", lambda team, confirm: PASSPHRASE)
    out = tmp_path / "out"
    out.mkdir()
    open_project(qtbot, window, big_project)
    review = page(window, Step.REVIEW)
    assert isinstance(review, ReviewPage)
    review.folder.setText(str(out))
    # Pack waits for validation, and says so.
    assert any("not been validated" in review.reasons.item(i).text()
               for i in range(review.reasons.count()))  # fmt: skip
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    datasets.validate_all()
    qtbot.waitUntil(lambda: datasets.job is None and len(window.session.validations) == 2,  # type: ignore[union-attr]
                    timeout=60_000)  # fmt: skip
    # The big file changes after it was checked (the watcher notices): Pack waits again.
    with (big_project / TEMPERATURE).open("a", encoding="utf-8") as handle:
        handle.write("202701010000,Chek Lap Kok,21.5\n")
    qtbot.waitUntil(lambda: any("changed since it was validated" in review.reasons.item(i).text()
                                for i in range(review.reasons.count())), timeout=WAIT)  # fmt: skip
    assert any("changed since it was validated" in review.reasons.item(i).text()
               for i in range(review.reasons.count()))  # fmt: skip
    datasets.validate_all()
    qtbot.waitUntil(lambda: datasets.job is None, timeout=60_000)
    settle(qtbot, window)
    assert review.reasons.count() == 0, [
        review.reasons.item(i).text() for i in range(review.reasons.count())
    ]
    qtbot.waitUntil(review.pack_button.isEnabled, timeout=WAIT)
    answer_next_dialog(qtbot, lambda dialog: type_passphrase(dialog, PASSPHRASE))
    qtbot.mouseClick(review.pack_button, Qt.MouseButton.LeftButton)
    # Cancel as soon as the bundle is being written (the results of Datasets are reused).
    qtbot.waitUntil(lambda: "packing" in review.progress.label.text(), timeout=WAIT)
    qtbot.mouseClick(child(review, QPushButton, "pack-cancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.job is None, timeout=60_000)
    assert window.packed is None
    assert list(out.iterdir()) == []  # no bundle, no partial file
    assert not window.failures.shown
    # Packing again works and makes the bundle (the key stays unlocked for this run).
    qtbot.mouseClick(review.pack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.packed is not None, timeout=120_000)
    assert sorted(p.name for p in out.iterdir()) == [
        "HKSH2023-T042.zip", "HKSH2023-T042.zip.receipt.txt"]  # fmt: skip


def test_choosing_an_error_selects_its_cell_in_the_data(
    qtbot: QtBot, window: MainWindow, project_copy: Path
) -> None:
    data = project_copy / TEMPERATURE
    lines = data.read_text("utf-8-sig").splitlines(keepends=True)
    lines[15] = lines[15].rsplit(",", 1)[0] + ",warm\n"  # file row 16 (the header is row 1)
    data.write_text("".join(lines), encoding="utf-8-sig")
    open_project(qtbot, window, project_copy)
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    datasets.table.setCurrentCell(0, 0)
    datasets.validate_current()
    qtbot.waitUntil(lambda: datasets.results.errors_filter.rowCount() == 1, timeout=WAIT)
    row_cell = datasets.results.errors_filter.index(0, 0)
    assert row_cell.data() == 16
    rect = datasets.results.errors_view.visualRect(row_cell)
    qtbot.mouseClick(datasets.results.errors_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())  # fmt: skip
    qtbot.waitUntil(lambda: datasets.results.preview_model.marked is not None, timeout=WAIT)
    current = datasets.results.preview_view.currentIndex()
    assert (current.row(), current.column()) == (14, 2)  # data row 15, third column
    assert current.data() == "warm"
    assert datasets.results.preview_model.headerData(14, Qt.Orientation.Vertical) == 16
    assert datasets.results.currentIndex() == 1
