"""Starting the app: the Qt application, the language, the main window."""

from __future__ import annotations

import logging
import signal
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

from hksh_packager import APP_NAME, __version__
from hksh_packager.core.common.logs import configure_logging
from hksh_packager.core.common.paths import resources_dir
from hksh_packager.gui.intake_window import IntakeWindow
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.names import set_language
from hksh_packager.gui.settings import AppSettings

log = logging.getLogger(__name__)

ORGANISATION = "HKSH Open Data Challenge"


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The app's icon (drawn as SVG; build.spec makes the Windows and macOS files from it)."""
    return QIcon(str(resources_dir() / "icons" / "hksh-packager.svg"))


def install_translation(app: QApplication, language: str) -> QTranslator | None:
    """The app's translation for `language` ("" follows the system), when one is shipped, with
    Qt's own for its standard buttons and dialogs."""
    name = language or QLocale.system().name()
    set_language(name)
    translator = QTranslator(app)
    folder = resources_dir() / "translations"
    if translator.load(f"hksh_{name}", str(folder)) or translator.load(
        QLocale(name), "hksh", "_", str(folder)
    ):
        app.installTranslator(translator)
        qt_own = QTranslator(app)
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        # Qt ships Traditional Chinese as Taiwan's; Hong Kong users get that for OK and Cancel.
        traditional = any(part in name for part in ("Hant", "HK", "TW", "MO"))
        for candidate in (name, "zh_TW" if traditional else "zh_CN"):
            if qt_own.load(f"qtbase_{candidate}", qt_folder):
                app.installTranslator(qt_own)
                break
        return translator
    return None


def close_on_signals(window: QMainWindow) -> None:
    """SIGTERM (a logout, a `kill`) and Ctrl+C close the window as the user would, saving the
    draft. Python sees a signal only when it runs, so a timer lets it run a few times a second."""

    def close(*_: object) -> None:
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGTERM, close)
    signal.signal(signal.SIGINT, close)
    ticker = QTimer(window)
    ticker.timeout.connect(lambda: None)
    ticker.start(250)


def run_gui(
    project: Path | None = None,
    *,
    exit_when_shown: bool = False,
    verify: list[Path] | None = None,
) -> int:
    """Open the main window (and `project`), or with `verify` (a list, maybe empty) the
    organisers' window verifying those bundles; `exit_when_shown` closes it as soon as it is
    shown, saying on stderr when that was (for smoke tests and the start-up benchmark)."""
    configure_logging()
    # Workers hand the interpreter back every millisecond instead of every five, so the window
    # waits less behind them when several run at once (reader, hasher, column checks).
    sys.setswitchinterval(0.001)
    app = application()
    settings = AppSettings()
    install_translation(app, settings.language)
    window: QMainWindow
    if verify is not None:
        window = IntakeWindow()
        window.show()
        if verify:
            window.verify_paths(verify)
    else:
        window = MainWindow(settings)
        window.show()
        if project is not None:
            window.open_project(project)
    close_on_signals(window)
    # In the log: support can tell a window that never appeared from one the user closed.
    QTimer.singleShot(0, lambda: log.info("window shown: %s", type(window).__name__))
    if exit_when_shown:

        def shown() -> None:
            print(f"window shown at {time.time():.3f}", file=sys.stderr, flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, shown)
    return app.exec()
