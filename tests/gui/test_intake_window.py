"""The organisers' window, driven as an organiser would: the same intake folder the batch tests
use gives the same verdicts; the table sorts and filters; a bundle's problems, its submission and
its datasets (errors and data, with the Datasets step's widget) are shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from hksh_packager.gui.intake_window import IntakeWindow
from hksh_packager.gui.models.intake import ENTRY_ROLE
from tests.intake import KEYS, Expected, make_intake, write_trust_list


@pytest.fixture(scope="module")
def intake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Expected]]:
    root = tmp_path_factory.mktemp("intake")
    expected = make_intake(root / "bundles", root / "work")
    return root / "bundles", write_trust_list(root / "registered.json"), expected


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[IntakeWindow]:
    window = IntakeWindow()
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def _rows(window: IntakeWindow) -> dict[str, tuple[str, str, bool]]:
    proxy = window.proxy
    entries = [proxy.data(proxy.index(row, 0), ENTRY_ROLE) for row in range(proxy.rowCount())]
    return {e.report.bundle.name: (str(e.report.verdict), str(e.standing), e.accepted)
            for e in entries}  # fmt: skip


def _select(window: IntakeWindow, name: str) -> None:
    proxy = window.proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.data(proxy.index(r, 0), ENTRY_ROLE).report.bundle.name == name)  # fmt: skip
    window.table.selectRow(row)


def test_the_window_gives_the_batch_verdicts_and_shows_each_bundle(
    qtbot: QtBot, window: IntakeWindow, intake
) -> None:
    folder, trust_file, expected = intake
    window.import_trust_list(trust_file)
    assert "6 keys, 1 revoked" in window.trust_label.text()
    dialog = window.show_trust_list()
    assert dialog is not None
    shown = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 2).text(),
                                              dialog.table.item(r, 3).text())
             for r in range(dialog.table.rowCount())}  # fmt: skip
    assert shown["T005"] == (KEYS["T005"].public_key.id_hex, "revoked")
    assert shown["T001"][1] == "active" and "T004" not in shown
    dialog.close()
    # Dropped from the file manager, as an organiser would.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.intake is not None, timeout=180_000)
    assert _rows(window) == {n: (e.verdict, e.standing, e.accepted) for n, e in expected.items()}
    assert window.summary.text().startswith("11 bundles, 3 accepted, 8 rejected")

    t001 = ["t001-first.zip", "t001-second-again.zip", "t001-second.zip"]
    qtbot.keyClicks(window.filter_edit, "t001 second")  # QTest types ASCII only
    assert sorted(_rows(window)) == t001[1:]
    window.filter_edit.setText("港大數據")  # a Chinese name, as an input method would give it
    assert sorted(_rows(window)) == t001
    window.filter_edit.clear()
    window.verdict_filter.setCurrentIndex(window.verdict_filter.findData("invalid"))
    window.verdict_filter.activated.emit(window.verdict_filter.currentIndex())
    assert len(_rows(window)) == 7
    window.verdict_filter.setCurrentIndex(0)
    window.verdict_filter.activated.emit(0)
    headers = [window.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(window.model.columnCount())]  # fmt: skip
    window.table.sortByColumn(headers.index("Size"), Qt.SortOrder.AscendingOrder)
    first = window.proxy.data(window.proxy.index(0, 0), ENTRY_ROLE)
    assert first.report.bundle.name == "not-a-zip.zip"  # 42 bytes, the smallest file

    _select(window, "t007-bad-dataset.zip")
    assert "checking again gives invalid" in window.problems_view.toPlainText()
    qtbot.waitUntil(lambda: "Bund parking" in window.submission_view.toPlainText(), timeout=30_000)
    assert window.dataset_list.count() == 2
    window.details.setCurrentIndex(2)
    parking = window.dataset_list.findItems("data/shanghai_public_parking.csv",
                                            Qt.MatchFlag.MatchExactly)[0]  # fmt: skip
    window.dataset_list.setCurrentItem(parking)
    qtbot.waitUntil(lambda: "with errors" in window.results.summary.text(), timeout=60_000)
    assert window.results.summary.text().startswith("9 rows, 1 with errors, 2 errors")
    assert window.results.errors_model.rowCount() == 2
    # Choosing an error shows its cell in the data, as in the Datasets step.
    window.results.errors_view.selectRow(0)
    qtbot.waitUntil(lambda: window.results.preview_model.marked is not None, timeout=30_000)

    _select(window, "hostile.zip")
    assert "refused" in window.problems_view.toPlainText()
    # Nothing of it is shown as a submission: only why it cannot be.
    qtbot.waitUntil(
        lambda: "the archive holds no bag folder" in window.submission_view.toPlainText(),
        timeout=30_000,
    )


def test_a_report_saved_from_the_window_is_the_batch_report(
    qtbot: QtBot, window: IntakeWindow, intake, tmp_path: Path
) -> None:
    folder, trust_file, _ = intake
    window.import_trust_list(trust_file)
    window.verify_paths([folder / "t001-first.zip", folder / "t001-second.zip"])
    qtbot.waitUntil(lambda: window.intake is not None, timeout=120_000)
    window.save_report(tmp_path / "intake.csv")
    text = (tmp_path / "intake.csv").read_text("utf-8-sig")
    assert "t001-first.zip" in text and "superseded" in text and "港大數據隊" in text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "headers"),
    [
        ("zh_Hant_HK", ["隊伍", "提交包", "題目", "階段"]),
        ("zh_Hans_CN", ["团队", "提交包", "标题", "阶段"]),
    ],
    indirect=["language"],
)
def test_the_organisers_window_shows_the_intake_in_the_organisers_language(
    qtbot: QtBot, intake, language: str, headers: list[str]
) -> None:
    import os
    import re

    folder, trust_file, _ = intake
    window = IntakeWindow()
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    window.import_trust_list(trust_file)
    names = ["t001-first.zip", "t001-second.zip", "t007-bad-dataset.zip", "hostile.zip"]
    window.verify_paths([folder / name for name in names])
    qtbot.waitUntil(lambda: window.intake is not None, timeout=180_000)
    shown = [window.model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)]
    assert shown == headers
    _select(window, "t007-bad-dataset.zip")
    problems = window.problems_view.toPlainText()
    # The verifier's finding about the dataset, in Chinese; the bundle's own names as written.
    assert re.search(r"[\u4e00-\u9fff]", problems) and "checking again gives" not in problems
    assert "data/datasets/shanghai_public_parking.csv" in problems
    shots = os.environ.get("HKSH_SCREENSHOTS")
    if shots:  # docs/screenshots/ is refreshed with HKSH_SCREENSHOTS=docs/screenshots
        window.grab().save(str(Path(shots) / f"organiser-problems-{language}.png"))
    window.close()
