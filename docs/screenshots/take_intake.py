"""A screenshot of the organisers' window, for the README: `python docs/screenshots/take_intake.py`.

Builds the intake the tests use (tests/intake.py: eleven bundles, valid, tampered, wrong, revoked
and unknown keys, a missing proposal, doctored data, a hostile zip, not a zip), imports its trust
list into a throwaway home folder, verifies it in the window and shows the bundle whose data was
doctored, with its errors. Writes docs/screenshots/intake-window.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="hksh-intake-shot-"))
    os.environ["HKSH_HOME"] = str(work / "home")

    from PySide6.QtCore import QCoreApplication, Qt

    from hksh_packager.gui.app import application
    from hksh_packager.gui.intake_window import IntakeWindow
    from hksh_packager.gui.models.intake import ENTRY_ROLE
    from tests.intake import make_intake, write_trust_list

    make_intake(work / "bundles", work / "scratch")
    app = application()
    window = IntakeWindow()
    window.resize(1400, 860)
    window.show()
    window.import_trust_list(write_trust_list(work / "registered.json"))
    window.verify_paths([work / "bundles"])

    def wait(condition, seconds: float = 120) -> None:  # type: ignore[no-untyped-def]
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise SystemExit("timed out")
            QCoreApplication.processEvents()
            time.sleep(0.02)

    wait(lambda: window.intake is not None)
    proxy = window.proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.data(proxy.index(r, 0), ENTRY_ROLE).report.bundle.name
               == "t007-bad-dataset.zip")  # fmt: skip
    window.table.selectRow(row)
    wait(lambda: window.dataset_list.count() == 2)
    window.details.setCurrentIndex(2)
    item = window.dataset_list.findItems("data/shanghai_public_parking.csv",
                                         Qt.MatchFlag.MatchExactly)[0]  # fmt: skip
    window.dataset_list.setCurrentItem(item)
    wait(lambda: "with errors" in window.results.summary.text())
    window.grab().save(str(HERE / "intake-window.png"))
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
