"""A team opens the bundle it made and sees it as the organisers and judges will: the verifier's
findings, the submission as judges read it, its datasets."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from hksh_packager.gui.main_window import MainWindow


def test_open_bundle_shows_it_as_judges_will(
    qtbot: QtBot, settings, sample_bundle: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    bundle = shutil.copy(sample_bundle, tmp_path / "HKSH2023-T042.zip")
    intake = window.open_bundle(Path(bundle))
    qtbot.waitUntil(lambda: intake.intake is not None, timeout=60_000)
    assert [e.report.bundle.name for e in intake.intake.entries] == ["HKSH2023-T042.zip"]
    assert "valid" in intake.problems_view.toPlainText().lower()
    # The submission as judges read it, from the bundle's own submission.json.
    qtbot.waitUntil(lambda: "HarbourAir" in intake.submission_view.toPlainText(), timeout=30_000)
    assert intake.dataset_list.count() == 2
    intake.close()
    window.close()
