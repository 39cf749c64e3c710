"""A team's whole evening in the app: an empty folder, the forms, the data, a wrong field fixed,
a key, a signed bundle that the verifier accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from hksh_packager.core.verify.report import Verdict
from hksh_packager.core.workflows.steps import Step
from hksh_packager.core.workflows.verify import verify_many
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.datasets import DatasetsPage
from hksh_packager.gui.pages.materials import MaterialsPage
from hksh_packager.gui.pages.review import ReviewPage
from hksh_packager.gui.pages.team import TeamPage
from tests.gui.conftest import PASSPHRASE
from tests.gui.helpers import (
    WAIT,
    answer_next_dialog,
    child,
    choose,
    page,
    settle,
    suggested,
    type_into,
    type_passphrase,
)


@pytest.mark.slow
def test_from_an_empty_folder_to_a_verified_bundle(
    qtbot: QtBot, window: MainWindow, sample_dir: Path, tmp_path: Path, file_keys: None
) -> None:
    folder = tmp_path / "HarbourAir"
    window.create_project(folder, from_sample=False)
    qtbot.waitUntil(lambda: window.session is not None and window.session.readiness is not None,
                    timeout=WAIT)  # fmt: skip
    assert json.loads((folder / "submission.json").read_text("utf-8"))["members"] == [
        {"lead": True}
    ]

    team = page(window, Step.TEAM)
    assert isinstance(team, TeamPage)
    type_into(qtbot, child(team, QLineEdit, "/submission_id"), "HKSH2023-T007")
    type_into(qtbot, child(team, QLineEdit, "/team/id"), "T007")
    type_into(qtbot, child(team, QLineEdit, "/team/name"), "九龍數據 Kowloon Data")
    choose(qtbot, child(team, QComboBox, "/team/city"), "Hong Kong")
    type_into(qtbot, child(team, QLineEdit, "/contact/name"), "Wong Siu Ming")
    type_into(qtbot, child(team, QLineEdit, "/contact/email"), "siuming@example.hk")
    team.members.item(0, 0).setText("Wong Siu Ming")
    team.members.item(0, 2).setText("siuming at example.hk")  # wrong: fixed below
    assert "Member 1 email is not an email address" in team.member_errors.text()
    qtbot.mouseClick(child(team, QPushButton, "add-member"), Qt.MouseButton.LeftButton)
    team.members.item(1, 0).setText("陈静")
    team.members.item(1, 2).setText("jing.chen@example.cn")
    team.members.item(0, 2).setText("siuming@example.hk")
    assert "email" not in team.member_errors.text()

    solution = page(window, Step.SOLUTION)
    type_into(qtbot, child(solution, QLineEdit, "/title"), "Kowloon shade finder")
    type_into(qtbot, child(solution, QPlainTextEdit, "/summary"),
              "Finds shaded walking routes from live temperature and car park data.")  # fmt: skip
    # A new project is for the latest challenge's first stage; this team is a finalist.
    assert child(solution, QComboBox, "/stage").currentText() == "Proposal stage · 計劃書階段"
    choose(qtbot, child(solution, QComboBox, "/stage"), "Final in Shanghai · 上海決賽")
    choose(qtbot, child(solution, QComboBox, "/theme"), "Smart Environment · 智慧環境")
    choose(qtbot, child(solution, QComboBox, "/subtopic"), "Urban Governance · 城市治理")

    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    data = sample_dir / "data"
    datasets.add_files([data / "latest_1min_temperature.csv", data / "shanghai_public_parking.csv"])
    qtbot.waitUntil(lambda: datasets.table.rowCount() == 2, timeout=WAIT)
    for row, city, usage in ((0, "Hong Kong", "Heat per station."),
                             (1, "Shanghai", "Where to park.")):  # fmt: skip
        datasets.table.setCurrentCell(row, 0)
        qtbot.waitUntil(lambda: suggested(datasets) is not None, timeout=WAIT)
        qtbot.mouseClick(datasets.details.use_button, Qt.MouseButton.LeftButton)
        choose(qtbot, datasets.details.city, city)
        type_into(qtbot, datasets.details.usage, usage)
    assert [e.get("catalogue_id") for e in datasets.entries()] == [
        "hk.hko.latest-1min-temperature", "sh.jtw.public-parking"]  # fmt: skip
    assert (folder / "data" / "latest_1min_temperature.csv").read_bytes() == (
        data / "latest_1min_temperature.csv").read_bytes()  # fmt: skip
    qtbot.mouseClick(datasets.validate_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.session.validations) == 2, timeout=WAIT)  # type: ignore[union-attr]

    materials = page(window, Step.MATERIALS)
    assert isinstance(materials, MaterialsPage)
    materials.add_files(
        [sample_dir / "docs" / "proposal.pdf", sample_dir / "docs" / "architecture.png"]
    )
    qtbot.waitUntil(lambda: materials.table.rowCount() == 2, timeout=WAIT)
    assert [a["kind"] for a in materials.attachments()] == ["proposal", "image"]

    qtbot.waitUntil(lambda: child(team, QPushButton, "create-key").isEnabled(), timeout=WAIT)
    answer_next_dialog(qtbot, lambda dialog: type_passphrase(dialog, PASSPHRASE))
    qtbot.mouseClick(child(team, QPushButton, "create-key"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Key id" in child(team, QLabel, "key-status").text(), timeout=WAIT)

    review = page(window, Step.REVIEW)
    assert isinstance(review, ReviewPage)
    for name in ("declare-originality", "declare-data_licence_compliance", "declare-eligibility"):
        qtbot.mouseClick(child(review, QCheckBox, name), Qt.MouseButton.LeftButton)
    review.folder.setText(str(tmp_path))
    settle(qtbot, window)
    qtbot.waitUntil(review.pack_button.isEnabled, timeout=WAIT)
    answer_next_dialog(qtbot, lambda dialog: type_passphrase(dialog, PASSPHRASE))
    qtbot.mouseClick(review.pack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.packed is not None, timeout=60_000)

    report = verify_many([tmp_path / "HKSH2023-T007.zip"], workers=0)[0]
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY, report.problems
    assert report.team_id == "T007"
    saved = json.loads((folder / "submission.json").read_text("utf-8"))
    assert saved["members"][0] == {"lead": True, "name": "Wong Siu Ming",
                                   "email": "siuming@example.hk"}  # fmt: skip
    assert saved["team"]["name"] == "九龍數據 Kowloon Data"
    assert (saved["challenge"], saved["stage"], saved["theme"], saved["subtopic"]) == (
        "hksh-2025", "final", "Smart Environment", "Urban Governance")  # fmt: skip
