"""The app from the command line: `hksh-packager gui` and `hksh-packager` alone open it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


@pytest.mark.slow
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


@pytest.mark.slow
def test_no_command_opens_the_app_instead_of_printing_usage(tmp_path: Path) -> None:
    home = tmp_path / "home"
    process = subprocess.Popen(
        [sys.executable, "-m", "hksh_packager"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**ENV, "HKSH_HOME": str(home)}, cwd=tmp_path,
    )  # fmt: skip
    log = home / "logs" / "hksh-packager.log"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if log.is_file() and "window shown: MainWindow" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.05)
        # The window is open, waiting for the user: not usage printed and an exit.
        assert process.poll() is None, process.communicate()[1]
        assert "window shown: MainWindow" in log.read_text(encoding="utf-8")
    finally:
        process.terminate()  # closes the window as a logout would
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "usage:" not in err
    assert "Traceback" not in err
