"""A team's first minutes on a new 2025 proposal-stage project: a 4:00 video and a PowerPoint show
both their problems on the Materials step before anything else is filled in, and the step is
complete only once both are fixed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step, StepState, step_states
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.pages.materials import MaterialsPage
from tests.gui.helpers import WAIT, page, settle
from tests.helpers import require_tool


def _video(path: Path, seconds: int) -> Path:
    ffmpeg = require_tool("ffmpeg")
    subprocess.run(
        [ffmpeg, "-loglevel", "error", "-f", "lavfi", "-i", "color=c=blue:s=32x32:r=1",
         "-t", str(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    return path


def _materials_state(window: MainWindow) -> StepState:
    assert window.session is not None and window.session.readiness is not None
    return step_states(window.session.readiness.blockers)[Step.MATERIALS]


@pytest.mark.slow
@pytest.mark.tools
def test_material_rules_show_before_anything_else_and_the_tick_waits_for_both(
    qtbot: QtBot, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    long_video = _video(tmp_path / "demo.mp4", 240)  # 2025 allows at most 3:00
    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[0])
    deck.save(tmp_path / "proposal.pptx")  # 2025 wants the proposal as a PDF
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.create_project(tmp_path / "project", False, "hksh-2025", "proposal")
    qtbot.waitUntil(lambda: window.session is not None, timeout=WAIT)
    materials = page(window, Step.MATERIALS)
    assert isinstance(materials, MaterialsPage)
    materials.add_files([long_video, tmp_path / "proposal.pptx"])
    qtbot.waitUntil(lambda: materials.table.rowCount() == 2, timeout=WAIT)
    assert window.session is not None
    # The team says the deck is its proposal (the app suggested "other": no 2025 kind takes .pptx).
    window.session.set_value("/attachments/1/kind", "proposal")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "4:00" in materials.problems.text(), timeout=60_000)
    shown = materials.problems.text()
    assert "is 4:00 long; this stage wants at most 3:00" in shown
    assert "proposal.pptx: a file of kind proposal must be .pdf at this stage" in shown
    assert _materials_state(window) == StepState.PROBLEMS
    # Fixed: a 2:00 video and the proposal as a PDF, and the step is complete.
    _video(tmp_path / "project" / "demo.mp4", 120)
    proposal = tmp_path / "project" / "proposal.pdf"
    proposal.write_bytes((Path(__file__).parents[2] / "resources" / "sample" / "docs"
                          / "proposal.pdf").read_bytes())  # fmt: skip
    window.session.set_value(
        "/attachments",
        [{"file": "demo.mp4", "kind": "video"}, {"file": "proposal.pdf", "kind": "proposal"}],
    )
    settle(qtbot, window)
    qtbot.waitUntil(lambda: _materials_state(window) == StepState.COMPLETE, timeout=60_000)
    window.close()
