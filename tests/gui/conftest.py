from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from hksh_packager.gui import names
from hksh_packager.gui.main_window import MainWindow
from hksh_packager.gui.settings import AppSettings

PASSPHRASE = "harbour and bund 2023"


@pytest.fixture(autouse=True)
def core_messages_in_english() -> Iterator[None]:
    """Core's messages in English unless a test installs another language, and back after it."""
    names.set_language("en")
    yield
    names.set_language("en")


@pytest.fixture
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The app in the language a test names (parametrised indirectly), English again after."""
    from tests.gui.helpers import in_language

    with in_language(request.param):
        yield request.param


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    """Settings in a file of the test's own, never the user's."""
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: QtBot, settings: AppSettings) -> Iterator[MainWindow]:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.catalogue is not None, timeout=10_000)
    yield window
    window.close()


@pytest.fixture
def file_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys made in these tests go to the passphrase-encrypted file, as on a computer without a
    keyring; the passphrase is typed into the app's dialog, never taken from the environment."""
    monkeypatch.setenv("HKSH_KEYSTORE", "file")


@pytest.fixture
def sample_window(qtbot: QtBot, settings: AppSettings, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window with a copy of the sample project open."""
    import shutil

    from hksh_packager.core.common.paths import resources_dir

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    qtbot.waitUntil(lambda: window.catalogue is not None, timeout=10_000)
    project = tmp_path / "sample-project"
    shutil.copytree(resources_dir() / "sample", project)
    window.open_project(project)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    yield window
    window.close()
