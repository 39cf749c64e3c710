"""Screenshots of every step of the app, for the README: `python docs/screenshots/take.py
[LANGUAGE]` (zh_Hant_HK or zh_Hans_CN: the app in that language, files named <step>-<LANGUAGE>.png).

Runs offscreen on a copy of the sample project in a throwaway home folder (its key goes to an
encrypted file there); one temperature reading is made impossible (221 °C, where N/A would be read
as missing) so the Datasets step shows an error
next to the data it concerns. Writes docs/screenshots/<step>.png, and open-bundle.png: the
bundle packed at the end, opened as File > Open bundle... shows it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="hksh-shots-"))
    os.environ["HKSH_HOME"] = str(home / "home")
    os.environ["HKSH_KEYSTORE"] = "file"
    os.environ["HKSH_KEY_PASSPHRASE"] = "screenshots only"

    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from hksh_packager.core.common.paths import resources_dir
    from hksh_packager.core.workflows import keys
    from hksh_packager.core.workflows.steps import Step
    from hksh_packager.gui.app import application
    from hksh_packager.gui.main_window import MainWindow
    from hksh_packager.gui.pages.datasets import DatasetsPage
    from hksh_packager.gui.settings import AppSettings

    app = application()
    language = sys.argv[1] if len(sys.argv) > 1 else ""
    suffix = f"-{language}" if language else ""
    if language:
        from hksh_packager.gui.app import install_translation

        if install_translation(app, language) is None:
            raise SystemExit(f"no translation for {language}")
    project = home / "HarbourAir"
    shutil.copytree(resources_dir() / "sample", project)
    data = project / "data" / "latest_1min_temperature.csv"
    data.write_text(
        data.read_text("utf-8-sig").replace("Cheung Chau,22.1", "Cheung Chau,221", 1),
        encoding="utf-8-sig",
    )
    keys.generate_key("T042", lambda team, confirm: "screenshots only")
    settings = AppSettings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    settings.language = language  # as Preferences would set it: names and titles follow it too
    window = MainWindow(settings)
    window.resize(1280, 820)
    window.show()

    def wait(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        loop = QEventLoop()
        left = [int(timeout * 20)]

        def check() -> None:
            left[0] -= 1
            if condition() or left[0] <= 0:
                loop.quit()
            else:
                QTimer.singleShot(50, check)

        QTimer.singleShot(0, check)
        loop.exec()

    def shoot(name: str) -> None:
        wait(lambda: not window.jobs.busy(), 5)
        app.processEvents()
        window.grab().save(str(HERE / f"{name}{suffix}.png"))
        print(f"wrote {HERE / name}{suffix}.png")

    shoot("welcome")
    window.open_project(project)
    wait(lambda: window.session is not None and window.session.readiness is not None)
    shoot("team")
    window.go_to_step(Step.SOLUTION)
    shoot("solution")
    datasets = window.go_to_step(Step.DATASETS)
    assert isinstance(datasets, DatasetsPage)
    datasets.validate_all()
    wait(lambda: len(window.session.validations) == 2)  # type: ignore[union-attr]
    datasets.table.setCurrentCell(0, 0)
    datasets.results.errors_view.selectRow(0)
    wait(lambda: datasets.results.preview_model.marked is not None)
    shoot("datasets")
    window.go_to_step(Step.MATERIALS)
    shoot("materials")
    review = window.go_to_step(Step.REVIEW)
    review.folder.setText(str(home))  # type: ignore[attr-defined]
    review.allow_invalid.setChecked(True)  # type: ignore[attr-defined]
    wait(lambda: review.pack_button.isEnabled())  # type: ignore[attr-defined]
    shoot("review")
    review.pack()  # type: ignore[attr-defined]
    wait(lambda: window.packed is not None, 120)
    shoot("done")
    # File > Open bundle...: the bundle just made, as the organisers' verifier and judges see it.
    intake = window.open_bundle(window.packed.path)  # type: ignore[union-attr]
    intake.resize(1280, 820)
    wait(lambda: intake.intake is not None, 120)
    wait(lambda: "HarbourAir" in intake.submission_view.toPlainText())
    app.processEvents()
    intake.grab().save(str(HERE / f"open-bundle{suffix}.png"))
    print(f"wrote {HERE}/open-bundle{suffix}.png")
    window.close()
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
