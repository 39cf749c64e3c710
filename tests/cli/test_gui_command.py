"""The app from the command line: `hksh-packager gui` and `hksh-packager` alone open it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_gui_opens_a_project_and_closes_when_asked(sample_dir: Path, tmp_path: Path) -> None:
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "hksh_packager", "gui", str(sample_dir), "--exit-when-shown"],
        capture_output=True, text=True, timeout=120, env=ENV, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = next(line for line in done.stderr.splitlines() if line.startswith("window shown at"))
    assert started < float(shown.split()[-1]) < time.time()
    assert "Traceback" not in done.stderr


def test_no_command_opens_the_app_instead_of_printing_usage(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "hksh_packager"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=ENV, cwd=tmp_path,
    )  # fmt: skip
    try:
        time.sleep(4)
        assert process.poll() is None  # a window is open, waiting for the user
    finally:
        process.terminate()  # closes the window as a logout would
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "usage:" not in err
    assert "Traceback" not in err
