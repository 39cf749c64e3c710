"""Names given in three scripts (the profile's stages, the catalogue's titles), shown in the
user's: traditional Chinese for Hong Kong, simplified for the Mainland, English otherwise (with the
traditional name beside it, as the challenge's own materials do); and the two cities' names."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from hksh_packager.core.common.language import choose_language
from hksh_packager.core.common.messages import ENGLISH, Message, render

# The language core's messages are shown in: the app's own, set when its translation is installed.
_language = ENGLISH


def set_language(setting: str) -> str:
    """Core's messages follow the app's language setting ("" follows the system)."""
    global _language
    _language = choose_language(setting or QLocale.system().name(), environ={})
    return _language


def app_language() -> str:
    return _language


def said(message: Message | str) -> str:
    """A core message in the app's language."""
    return render(message, _language)


def script_of(language: str | None = None) -> str:
    """ "zh_hant", "zh_hans" or "en" for a language setting ("" follows the system), by default
    the app's own (the one its translation was installed for)."""
    name = _language if language is None else (language or QLocale.system().name())
    if not name.startswith("zh"):
        return "en"
    return "zh_hant" if any(mark in name for mark in ("Hant", "HK", "TW", "MO")) else "zh_hans"


def shown_name(names: dict[str, Any], script: str) -> str:
    if script == "en":
        return f"{names['en']} · {names['zh_hant']}"
    return f"{names[script]} ({names['en']})"


def city_name(city: str) -> str:
    """A city as the submission stores it ("Hong Kong", "Shanghai", "Other"), in the app's
    language."""
    names = {
        "Hong Kong": QCoreApplication.translate("names", "Hong Kong"),
        "Shanghai": QCoreApplication.translate("names", "Shanghai"),
        "Other": QCoreApplication.translate("names", "Other"),
    }
    return names.get(city, city)
