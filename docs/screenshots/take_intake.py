"""A screenshot of the organisers' window, for the README: `python docs/screenshots/take_intake.py`.

Builds the intake the tests use (tests/intake.py: eleven bundles, valid, tampered, wrong, revoked
and unknown keys, a missing proposal, doctored data, a hostile zip, not a zip), imports its trust
list into a throwaway home folder, verifies it in the window and shows the bundle whose data was
doctored, with its errors. Writes docs/screenshots/intake-window.png.

Then an intake kept in a ledger over "days" (bundles packed for the 2023 final, arriving on time,
late, and signed by a clock running ahead), one late bundle accepted by an organiser's decision:
docs/screenshots/intake-ledger.png.
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
    ledger_shot(work, wait)
    app.quit()
    return 0


def ledger_shot(work: Path, wait) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from hksh_packager.core.verify.intake import DecisionKind
    from hksh_packager.core.workflows.intake import IntakeSettings, decide, scan
    from hksh_packager.gui.intake_window import IntakeWindow
    from hksh_packager.gui.models.intake import ENTRY_ROLE
    from tests.intake import KEYS, _pack

    def at(text: str) -> int:
        return int(datetime.fromisoformat(text + "+08:00").timestamp())

    drive, intake = work / "drive", work / "intake"
    drive.mkdir()
    sent = [  # (file, team, title, signed, arrived)
        ("t001-a.zip", "T001", "Harbour heat map", "2023-08-12T10:00", "2023-08-12T10:05"),
        ("t001-b.zip", "T001", "Harbour heat map, final", "2023-08-13T23:50", "2023-08-14T00:20"),
        ("t002-a.zip", "T002", "Tram times", "2023-08-20T09:00", "2023-08-11T12:00"),
        ("t002-b.zip", "T002", "Tram times, final", "2023-08-12T12:00", "2023-08-12T12:01"),
        ("t003.zip", "T003", "Kowloon walks", "2023-08-13T18:00", "2023-08-13T18:02"),
    ]
    for name, team, title, signed, arrived in sent:
        bundle = _pack(work / "scratch", drive / name, team, title, KEYS[team], at(signed))
        os.utime(bundle, (at(arrived), at(arrived)))
    trust = IntakeSettings(trust=work / "registered.json")  # written by the first shot
    scan([drive], intake, trust, workers=0, now=lambda: at("2023-08-14T09:00"))
    decide(intake, "t001-b.zip", DecisionKind.ACCEPT_LATE,
           "the drive link failed at 23:55; the team emailed us at once", "Ada Lam",
           at=at("2023-08-14T10:00"))  # fmt: skip
    window = IntakeWindow()
    window.resize(1400, 860)
    window.show()
    window.open_intake(intake)
    wait(lambda: window.intake is not None)
    proxy = window.proxy
    row = next(
        r
        for r in range(proxy.rowCount())
        if proxy.data(proxy.index(r, 0), ENTRY_ROLE).report.bundle.name == "t001-b.zip"
    )
    window.table.selectRow(row)
    window.table.scrollTo(proxy.index(row, proxy.columnCount() - 3))
    wait(lambda: "accepted late" in window.problems_view.toPlainText())
    window.grab().save(str(HERE / "intake-ledger.png"))
    window.close()


if __name__ == "__main__":
    sys.exit(main())
