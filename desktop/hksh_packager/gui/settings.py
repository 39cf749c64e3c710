"""The app's settings (QSettings, as data): language, recent projects, default folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

LANGUAGES = {"": "System", "en": "English", "zh_Hant_HK": "繁體中文", "zh_Hans_CN": "简体中文"}
MAX_RECENT = 8


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def _text(self, key: str) -> str:
        value = self._settings.value(key, "")
        return value if isinstance(value, str) else ""

    @property
    def language(self) -> str:
        """A key of LANGUAGES; "" follows the system."""
        value = self._text("language")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        self._settings.setValue("language", value if value in LANGUAGES else "")

    def folder(self, purpose: str) -> Path:
        """The default folder for projects, bundles or data files; the home folder at first."""
        value = self._text(f"folders/{purpose}")
        return Path(value) if value and Path(value).is_dir() else Path.home()

    def set_folder(self, purpose: str, folder: Path) -> None:
        self._settings.setValue(f"folders/{purpose}", str(folder))

    @property
    def recent_projects(self) -> list[Path]:
        value = self._settings.value("recent", [])
        items: list[object] = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        return [Path(item) for item in items if isinstance(item, str) and item]

    def add_recent(self, folder: Path) -> None:
        items = [str(folder)] + [str(p) for p in self.recent_projects if p != folder]
        self._settings.setValue("recent", items[:MAX_RECENT])

    def sync(self) -> None:
        self._settings.sync()
