"""The app and the command line pack through one sequence (core.workflows.pack.pack_planned): one
test damages the written bundle the same way under both faces, and each must remove it, write no
receipt and say that the organisers' verifier refused it."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows import pack as pack_workflow
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.datasets import DatasetsPage
from hksh_packager.gui.pages.review import ReviewPage
from tests.gui.conftest import PASSPHRASE
from tests.gui.helpers import WAIT, answer_next_dialog, open_project, page, type_passphrase

REFUSED = "does not pass the organisers' verifier"


def damage_after_writing(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Flip one byte inside the stored PNG of each bundle once it is written, as a failing disk
    or a sync tool would; returns the paths damaged."""
    written = pack_workflow.write_planned
    damaged: list[Path] = []

    def write_and_damage(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = written(*args, **kwargs)
        data = bytearray(result.path.read_bytes())
        at = data.index(b"\x89PNG\r\n")  # the diagram is stored as it is (already compressed)
        data[at + 40] ^= 0xFF
        result.path.write_bytes(bytes(data))
        damaged.append(result.path)
        return result

    monkeypatch.setattr(pack_workflow, "write_planned", write_and_damage)
    return damaged


def pack_on_the_command_line(project: Path, bundle: Path, qtbot: QtBot, window: MainWindow) -> str:
    from hksh_packager.cli import main

    err = io.StringIO()
    with redirect_stderr(err), pytest.MonkeyPatch.context() as env:
        env.setenv("HKSH_KEY_PASSPHRASE", PASSPHRASE)  # the command line reads it from here
        code = main(["pack", str(project), "-o", str(bundle)])
    assert code == 2
    return err.getvalue()


def pack_in_the_app(project: Path, bundle: Path, qtbot: QtBot, window: MainWindow) -> str:
    open_project(qtbot, window, project)
    datasets = page(window, Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    qtbot.mouseClick(datasets.validate_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.session.validations) == 2, timeout=WAIT)  # type: ignore[union-attr]
    review = page(window, Step.REVIEW)
    assert isinstance(review, ReviewPage)
    review.folder.setText(str(bundle.parent))
    qtbot.waitUntil(review.pack_button.isEnabled, timeout=WAIT)
    answer_next_dialog(qtbot, lambda dialog: type_passphrase(dialog, PASSPHRASE))
    qtbot.mouseClick(review.pack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.failures.shown), timeout=60_000)
    assert window.packed is None  # the Done step never opens
    if window.failures.box is not None:
        window.failures.box.close()
    return window.failures.shown[-1]


@pytest.mark.parametrize("face", [pack_on_the_command_line, pack_in_the_app],
                         ids=["command line", "app"])  # fmt: skip
def test_a_bundle_damaged_after_writing_is_removed_with_no_receipt_by_either_face(
    face: Callable[[Path, Path, QtBot, MainWindow], str],
    qtbot: QtBot,
    window: MainWindow,
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.delenv("HKSH_KEY_PASSPHRASE", raising=False)  # the app asks for it
    keys.generate_key("T042", lambda team, confirm: PASSPHRASE)
    project = tmp_path / "project"
    shutil.copytree(sample_dir, project)
    out = tmp_path / "out"
    out.mkdir()
    bundle = out / "HKSH2023-T042.zip"
    damaged = damage_after_writing(monkeypatch)

    said = face(project, bundle, qtbot, window)

    assert damaged == [bundle]  # the same step ran under both faces
    assert REFUSED in said
    assert list(out.iterdir()) == []  # neither the bundle nor a receipt is left
