"""The app in Traditional Chinese (Hong Kong) and Simplified Chinese (Shanghai): the translation
files are complete and up to date with the code, the compiled files are the ones they make, and
the windows show translated text."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from hksh_packager.core.common.paths import resources_dir
from hksh_packager.core.verify.intake import columns_by_key
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.names import said
from tests.gui.helpers import in_language

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh_Hant_HK", "zh_Hans_CN")
TOOLS = Path(sys.executable).parent


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(ts)
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    }


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed translation files run through .ci/translations in a copy of the tree: what
    they would be after the code's strings are gathered again."""
    if not (TOOLS / "pyside6-lupdate").exists():
        pytest.skip("pyside6-lupdate is not beside this Python")
    copy = tmp_path_factory.mktemp("tree")
    for part in ("desktop", "resources/translations", ".ci"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["bash", str(copy / ".ci" / "translations")], check=True, capture_output=True,
                   env={"VENV_BIN": str(TOOLS), "PATH": "/usr/bin:/bin"})  # fmt: skip
    return copy / "resources" / "translations"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_app_is_translated_and_none_is_stale(refreshed, language) -> None:
    committed = ROOT / "resources" / "translations" / f"hksh_{language}.ts"
    again = _messages(refreshed / committed.name)
    now = _messages(committed)
    assert sorted(again) == sorted(now), "run .ci/translations: the code's strings changed"
    for (context, source), message in now.items():
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        assert (translation.text or "").strip(), f"{context}: {source!r} has no translation"
        for placeholder in ("{n}", "{file}", "{rows}", "{team}", "{path}", "{name}", "{key}"):
            assert (placeholder in source) == (placeholder in translation.text), (source, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_translation_is_the_one_the_source_makes(refreshed, language) -> None:
    name = f"hksh_{language}.qm"
    assert (refreshed / name).read_bytes() == (resources_dir() / "translations" / name).read_bytes()


@pytest.fixture
def translated(request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with in_language(request.param) as installed:
        assert installed is not None
        yield request.param


@pytest.mark.parametrize(
    ("translated", "words"),
    [
        ("zh_Hant_HK", ("開啟項目…", "檔案(&F)", "項目")),
        ("zh_Hans_CN", ("打开项目…", "文件(&F)", "项目")),
    ],
    indirect=["translated"],
)
def test_the_main_window_speaks_the_chosen_language(
    qtbot: QtBot, settings, translated, words
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.catalogue is not None, timeout=10_000)
    buttons = {b.text() for b in window.findChildren(QPushButton)}
    assert words[0] in buttons
    assert window.menuBar().actions()[0].text() == words[1]
    # Nothing the welcome page shows is left in English (names and paths aside).
    texts = [
        w.text()
        for w in window.welcome.findChildren(QLabel) + window.welcome.findChildren(QPushButton)
    ]
    assert all(
        not any(c.isascii() and c.isalpha() for c in t.replace("HKSH Packager", ""))
        for t in texts
        if t and "/" not in t
    ), texts
    # The judges' table's headers are core's messages, shown in the app's language too.
    assert said(columns_by_key()["verdict"].header()) not in ("", "Verdict")
    window.close()


def test_about_names_the_version_the_libraries_and_the_data_terms(qtbot: QtBot, settings) -> None:  # type: ignore[no-untyped-def]
    import pandas

    from hksh_packager import __version__

    window = MainWindow(settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.catalogue is not None, timeout=10_000)
    dialog = window.show_about()
    assert __version__ in dialog.findChild(QLabel, "about-heading").text()
    table = dialog.libraries
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["pandas"] == pandas.__version__
    assert "DATA.GOV.HK Terms and Conditions of Use" in dialog.data_notes.toPlainText()
    dialog.close()
    window.close()


def _english_sources() -> set[str]:
    ts = ROOT / "resources" / "translations" / "hksh_zh_Hant_HK.ts"
    return {source for _, source in _messages(ts)} - {"SHA-256", "JSON Schema (*.json)"}


def _text_problems(root: QWidget, where: str, english: set[str]) -> list[str]:
    """Text the app translates still shown in English, and buttons or one-line labels narrower
    than their text, among the visible widgets of `root`."""
    from PySide6.QtWidgets import QCheckBox, QGroupBox

    bare = {e.replace("&", "") for e in english}
    problems = []
    for widget in (w for w in root.findChildren(QWidget) if w.isVisible()):
        if isinstance(widget, QGroupBox):
            text = widget.title()
        elif isinstance(widget, (QLabel, QPushButton, QCheckBox)):
            text = widget.text()
        else:
            continue
        if text.replace("&", "") in bare:
            problems.append(f"{where}: untranslated {text!r}")
        if isinstance(widget, (QPushButton, QCheckBox)) or (
            isinstance(widget, QLabel) and not widget.wordWrap() and "<" not in text
        ):
            needed = widget.fontMetrics().horizontalAdvance(text.replace("&", ""))
            if text and needed > widget.width():
                problems.append(f"{where}: {text!r} cut off ({needed} > {widget.width()} px)")
    return problems


@pytest.mark.parametrize("translated", LANGUAGES, indirect=True)
def test_every_step_shows_translated_text_that_fits(
    qtbot: QtBot, settings, translated, sample_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """Each step of the main window with the sample open, the organisers' window and the dialogs:
    no text the app translates is shown in English, and no button or one-line label is narrower
    than its text."""
    from hksh_packager.core.workflows.steps import Step

    english = _english_sources()
    window = sample_window
    problems = []
    for step in Step:
        window.go_to_step(step)
        qtbot.wait(50)
        problems += _text_problems(window, str(step), english)
    from hksh_packager.gui.dialogs.about import AboutDialog
    from hksh_packager.gui.dialogs.catalogue_search import CatalogueSearchDialog
    from hksh_packager.gui.dialogs.passphrase import PassphraseDialog
    from hksh_packager.gui.dialogs.preferences import PreferencesDialog
    from hksh_packager.gui.intake_window import IntakeWindow

    assert window.catalogue is not None
    catalogue = window.catalogue
    others = [IntakeWindow(), PreferencesDialog(settings, window), AboutDialog(catalogue, window),
              CatalogueSearchDialog(catalogue, window),
              PassphraseDialog("T042", confirm=True, parent=window)]  # fmt: skip
    for other in others:
        other.show()
        qtbot.wait(50)
        problems += _text_problems(other, other.objectName(), english)
        other.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("translated", ["zh_Hans_CN"], indirect=True)
def test_catalogue_titles_and_cities_are_shown_in_the_users_script(
    qtbot: QtBot, settings, translated, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A Shanghai team reads the Hong Kong entry's title in simplified characters and the cities in
    Chinese; the submission still stores the city as its schema names it."""
    from hksh_packager.core.workflows.steps import Step
    from hksh_packager.gui.pages.datasets import DatasetsPage
    from tests.gui.helpers import WAIT, choose, open_project, page

    settings.language = "zh_Hans_CN"
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.catalogue is not None, timeout=WAIT)
    shutil.copytree(resources_dir() / "sample", tmp_path / "project")
    open_project(qtbot, window, tmp_path / "project")
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    rows = {datasets.table.item(r, 0).text(): r for r in range(datasets.table.rowCount())}
    row = rows["data/latest_1min_temperature.csv"]
    datasets.table.setCurrentCell(row, 0)
    assert datasets.table.item(row, 2).text() == "香港"
    details = datasets.details
    assert details.dataset_label.text().startswith("最新一分钟气温 (Latest 1-minute temperature)")
    qtbot.waitUntil(lambda: details.suggestion_list.count() > 1, timeout=WAIT)
    first = details.suggestion_list.item(0).text()
    assert "最新一分钟气温（hk.hko.latest-1min-temperature）" in first
    cities = [details.city.itemText(i) for i in range(details.city.count())]
    assert cities[1:] == ["香港", "上海", "其他"]
    choose(qtbot, details.city, "上海")
    assert window.session is not None
    assert window.session.value(f"/datasets/{row}/city") == "Shanghai"
    qtbot.waitUntil(lambda: datasets.table.item(row, 2).text() == "上海", timeout=WAIT)
    window.close()
