"""Opening the shipped sample and packing it, as a team would in the app."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from hksh_packager.core.verify.report import Verdict
from hksh_packager.core.workflows.steps import Step
from hksh_packager.core.workflows.verify import verify_many
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


def test_the_sample_opens_validates_and_packs_into_a_bundle_the_verifier_accepts(
    qtbot: QtBot, window: MainWindow, sample_dir: Path, tmp_path: Path, file_keys: None
) -> None:
    project = tmp_path / "sample"
    shutil.copytree(sample_dir, project)
    open_project(qtbot, window, project)
    # Nothing validated, no key yet: Pack waits, and says why.
    review = page(window, Step.REVIEW)
    assert isinstance(review, ReviewPage)
    assert not review.pack_button.isEnabled()
    reasons = [review.reasons.item(i).text() for i in range(review.reasons.count())]
    assert any("has not been validated yet" in r for r in reasons)
    assert any("no key" in r.lower() for r in reasons)

    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    qtbot.mouseClick(datasets.validate_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.session.validations) == 2, timeout=WAIT)  # type: ignore[union-attr]
    settle(qtbot, window)
    statuses = [datasets.table.item(r, 3).text() for r in range(datasets.table.rowCount())]
    assert statuses == ["Valid", "Valid"]

    team = page(window, Step.TEAM)
    qtbot.waitUntil(lambda: child(team, QPushButton, "create-key").isEnabled(), timeout=WAIT)
    answer_next_dialog(qtbot, lambda dialog: type_passphrase(dialog, PASSPHRASE))
    qtbot.mouseClick(child(team, QPushButton, "create-key"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Key id" in child(team, QLabel, "key-status").text(), timeout=WAIT)
    assert "encrypted" in child(team, QLabel, "key-status").text()
    settle(qtbot, window)

    page(window, Step.REVIEW)
    review.folder.setText(str(tmp_path))
    qtbot.waitUntil(review.pack_button.isEnabled, timeout=WAIT)
    answer_next_dialog(qtbot, lambda dialog: type_passphrase(dialog, PASSPHRASE))
    qtbot.mouseClick(review.pack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.packed is not None, timeout=60_000)

    bundle = tmp_path / "HKSH2023-T042.zip"
    assert window.packed is not None and window.packed.path == bundle
    assert "Valid" in child(window, QLabel, "verdict").text()
    # A second opinion from the verifier itself, in this test.
    report = verify_many([bundle], workers=0)[0]
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY
    child(window, QPushButton, "copy-receipt").click()
    receipt = QApplication.clipboard().text()
    assert "HKSH2023-T042.zip" in receipt and window.packed.receipt.sha256 in receipt
