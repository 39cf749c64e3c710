"""Validation results survive closing the app: a project opened again shows its datasets valid,
and a file changed meanwhile as changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.datasets import DatasetsPage
from tests.gui.helpers import WAIT, open_project, page, settle


def _statuses(datasets: DatasetsPage) -> list[str]:
    return [datasets.table.item(r, 3).text() for r in range(datasets.table.rowCount())]


def test_a_reopened_project_keeps_its_results_and_a_changed_file_shows_changed(
    qtbot: QtBot, window: MainWindow, sample_dir: Path, tmp_path: Path
) -> None:
    project = tmp_path / "sample"
    shutil.copytree(sample_dir, project)
    open_project(qtbot, window, project)
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    qtbot.mouseClick(datasets.validate_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _statuses(datasets) == ["Valid", "Valid"], timeout=WAIT)
    settle(qtbot, window)
    window.close_project()

    # One file changes while the app is closed.
    changed = project / "data" / "shanghai_public_parking.csv"
    changed.write_bytes(changed.read_bytes() + b"\n")
    open_project(qtbot, window, project)
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    qtbot.waitUntil(lambda: _statuses(datasets)[0] == "Valid", timeout=WAIT)
    assert _statuses(datasets)[1] == "Changed since checked"
    settle(qtbot, window)
