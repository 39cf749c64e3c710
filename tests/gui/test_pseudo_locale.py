"""Every sentence on screen passes through a catalogue: with the pseudo locale (the app's own Qt
strings and core's messages both accented and wrapped in ⟦ ⟧), every step of the main window with
the sample open, the organisers' window and the dialogs show no English word that is neither in
the team's own data nor a technical name."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QTranslator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hksh_packager.core.common.paths import resources_dir
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui import names
from hksh_packager.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TOOLS = Path(sys.executable).parent
# Names that are the same in every language: formats, standards, the product, the challenge.
TECHNICAL = {
    "hksh", "packager", "json", "csv", "tsv", "xlsx", "xls", "xml", "pdf", "pptx", "ppt", "zip",
    "utf", "sha", "minisign", "bagit", "data", "gov", "geojson", "png", "jpg", "jpeg", "webp",
    "mp4", "mov", "webm", "md", "txt", "gz", "tgz", "qt", "pyside", "python", "https", "http",
    "schema", "opencc", "xlrd", "big5hkscs", "gb18030",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"<[^>]*>")


def _pseudo(text: str) -> str:
    """As core's pseudo locale: letters accented outside markup, placeholders and mnemonics."""
    accents = str.maketrans("aceinouyACEINOUY", "àçéîñöûýÀÇÉÎÑÖÛÝ")
    parts = re.split(r"(<[^>]*>|\{[^}]*\}|%\d+|&\w|&[a-z]+;)", text)
    accented = "".join(p if i % 2 else p.translate(accents) for i, p in enumerate(parts))
    return f"⟦{accented}⟧"


@pytest.fixture
def pseudo(tmp_path: Path) -> Iterator[None]:
    """The app's Qt strings and core's messages in the pseudo locale."""
    if not (TOOLS / "pyside6-lrelease").exists():
        pytest.skip("pyside6-lrelease is not beside this Python")
    tree = ET.parse(ROOT / "resources" / "translations" / "hksh_zh_Hant_HK.ts")
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        forms = translation.findall("numerusform")
        if forms:
            for form in forms:
                form.text = _pseudo(source)
        else:
            translation.text = _pseudo(source)
    ts, qm = tmp_path / "hksh_pseudo.ts", tmp_path / "hksh_pseudo.qm"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(TOOLS / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                   check=True)  # fmt: skip
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = QTranslator(app)
    assert translator.load(str(qm))
    app.installTranslator(translator)
    names.set_language("pseudo")
    yield
    app.removeTranslator(translator)
    names.set_language("en")


# Qt's own standard buttons, translated by Qt's catalogue (qtbase), not the app's.
QT_OWN = {"cancel", "close", "apply", "reset", "help", "save", "open", "yes"}


def _data_words() -> set[str]:
    """Every word the data shows as written: the sample project's (the team's text), the
    catalogue's entries (titles as publishers give them, in English and Chinese) and the
    challenge profiles' (stage, theme and sub-topic names and notes, written in three scripts in
    the profile itself)."""
    sample = resources_dir() / "sample"
    words = {w.lower() for w in WORD.findall((sample / "submission.json").read_text("utf-8"))}
    for path in sample.rglob("*"):
        words |= {w.lower() for w in WORD.findall(path.name)}
    for path in (ROOT / "schemas" / "datasets").rglob("*.json"):
        entry = json.loads(path.read_text("utf-8")).get("x-catalogue", {})
        words |= {w.lower() for w in WORD.findall(f"{entry.get('id')} {entry.get('title_en')}")}
        words |= {w.lower() for w in WORD.findall(path.stem)}
    for path in (ROOT / "schemas" / "profiles").glob("*.json"):
        words |= {w.lower() for w in WORD.findall(path.read_text("utf-8"))}
    return words | QT_OWN


def _texts(root: QWidget) -> list[str]:
    """What the visible widgets of `root` show: labels, buttons, boxes' titles, list items and
    table headers."""
    shown: list[str] = []
    for widget in (w for w in root.findChildren(QWidget) if w.isVisible()):
        if isinstance(widget, QGroupBox):
            shown.append(widget.title())
        elif isinstance(widget, QLabel | QPushButton | QCheckBox | QRadioButton):
            shown.append(widget.text())
        elif isinstance(widget, QListWidget):
            shown += [widget.item(i).text() for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QListWidget):
            model = widget.model()
            if model is not None:
                columns = model.columnCount(QModelIndex())
                shown += [str(model.headerData(c, _horizontal()) or "") for c in range(columns)]
    return shown


def _horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _english(texts: list[str], allowed: set[str]) -> list[str]:
    """Texts with an English word outside ⟦ ⟧ that is not the team's data or a technical name."""
    found = []
    for text in texts:
        bare = TAG.sub(" ", text).replace("&", "")
        outside = re.sub(r"⟦[^⟧]*⟧", " ", bare)
        words = {w.lower() for w in WORD.findall(outside)} - allowed - TECHNICAL
        if words:
            found.append(f"{text!r} ({', '.join(sorted(words))})")
    return found


@pytest.mark.slow
def test_every_visible_sentence_passes_through_a_catalogue(
    qtbot: QtBot, settings, pseudo, sample_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    allowed = _data_words()
    window = sample_window
    found: list[str] = []
    for step in Step:
        window.go_to_step(step)
        qtbot.wait(100)
        found += [f"{step}: {t}" for t in _english(_texts(window), allowed)]
    from hksh_packager.gui.dialogs.about import AboutDialog
    from hksh_packager.gui.dialogs.catalogue_search import CatalogueSearchDialog
    from hksh_packager.gui.dialogs.passphrase import PassphraseDialog
    from hksh_packager.gui.dialogs.preferences import PreferencesDialog
    from hksh_packager.gui.intake_window import IntakeWindow

    assert window.catalogue is not None
    others = [IntakeWindow(), PreferencesDialog(settings, window),
              CatalogueSearchDialog(window.catalogue, window),
              PassphraseDialog("T042", confirm=True, parent=window)]  # fmt: skip
    for other in others:
        other.show()
        qtbot.wait(100)
        found += [f"{other.objectName()}: {t}" for t in _english(_texts(other), allowed)]
        other.close()
    # The About dialog lists the libraries and their licences as their authors name them.
    about = AboutDialog(window.catalogue, window)
    about.show()
    qtbot.wait(100)
    found += [f"about: {t}" for t in _english([about.windowTitle()], allowed)]
    about.close()
    assert found == [], "\n".join(found)
