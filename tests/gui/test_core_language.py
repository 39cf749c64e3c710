"""What core says, shown in the app's language: the Problems panel, Review's reasons and the
Materials step for a project with problems on every step, in English, 繁體 and 简体, and in the
pseudo locale, where a text that did not pass through a catalogue shows without its ⟦ ⟧."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.review import ReviewPage
from tests.gui.helpers import open_project, page, settle

HAN = re.compile(r"[\u4e00-\u9fff]")


def _broken(project: Path) -> Path:
    """The sample with a problem on each step: a field emptied, a file missing, a material the
    stage refuses, a dataset changed since it was checked."""
    document = json.loads((project / "submission.json").read_text("utf-8"))
    del document["title"]
    document["team"]["name"] = ""
    document["stage"] = "proposal"  # 2023's proposal wants a PowerPoint and a video
    (project / "submission.json").write_text(json.dumps(document), "utf-8")
    (project / "docs" / "architecture.png").unlink()
    return project


def _problems(window: MainWindow) -> list[str]:
    return [window.problems.item(i).text() for i in range(window.problems.count())]


@pytest.mark.parametrize("language", ["en", "zh_Hant_HK", "zh_Hans_CN", "pseudo"], indirect=True)
def test_the_problems_are_in_the_apps_language(
    qtbot: QtBot, settings, project_copy: Path, language: str
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    qtbot.waitUntil(lambda: window.catalogue is not None, timeout=10_000)
    open_project(qtbot, window, _broken(project_copy))
    settle(qtbot, window)
    problems = _problems(window)
    assert len(problems) >= 5, problems
    if language == "pseudo":
        assert [p for p in problems if not p.startswith("⟦")] == []
    elif language == "en":
        assert [p for p in problems if HAN.search(p)] == []
    else:
        assert [p for p in problems if not HAN.search(p)] == []
        words = ("檔案", "題目") if language == "zh_Hant_HK" else ("文件", "标题")
        joined = "\n".join(problems)
        assert any(word in joined for word in words), joined
        assert ("文件" in joined) == (language == "zh_Hans_CN")
    review = page(window, Step.REVIEW)
    assert isinstance(review, ReviewPage)
    reasons = [review.reasons.item(i).text() for i in range(review.reasons.count())]
    assert set(reasons) <= set(problems) and reasons
    materials = page(window, Step.MATERIALS)
    qtbot.waitUntil(lambda: materials.problems.isVisible(), timeout=20_000)
    if language == "pseudo":
        assert all(line.startswith("⟦") for line in materials.problems.text().splitlines())
    shots = os.environ.get("HKSH_SCREENSHOTS")
    if (
        shots and language != "pseudo"
    ):  # docs/screenshots/ is refreshed with HKSH_SCREENSHOTS=docs/screenshots
        window.grab().save(str(Path(shots) / f"materials-problems-{language}.png"))
        window.go_to_step(Step.REVIEW)
        window.grab().save(str(Path(shots) / f"review-problems-{language}.png"))
    window.close()


@pytest.mark.parametrize(
    ("language", "edition", "words"),
    [
        ("zh_Hant_HK", "hksh-2025", "企業須在香港或內地合法註冊"),
        ("zh_Hans_CN", "hksh-2023", "年满 18 岁"),
    ],
    indirect=["language"],
)
def test_the_eligibility_declaration_is_the_editions_rule_in_the_apps_language(
    qtbot: QtBot, settings, project_copy: Path, language: str, edition: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    document["challenge"] = edition
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.catalogue is not None, timeout=10_000)
    open_project(qtbot, window, project_copy)
    review = page(window, Step.REVIEW)
    assert isinstance(review, ReviewPage)
    assert words in review.eligibility_rule.text() and review.eligibility_rule.isVisible()
    window.close()
