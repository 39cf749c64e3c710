"""Which of the three languages a user reads: from a choice (`--lang`, the app's setting) or from
the locale, as gettext finds it (LANGUAGE, then LC_ALL, LC_MESSAGES and LANG)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from hksh_packager.core.common.messages import ENGLISH, HONG_KONG, LANGUAGES, PSEUDO, SHANGHAI

# Traditional Chinese is written for Hong Kong: Taiwan's and Macao's readers read it too.
_TRADITIONAL = ("hant", "hk", "tw", "mo")
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language_of(tag: str) -> str | None:
    """One of LANGUAGES for a locale or language tag ("zh_HK.UTF-8", "zh-Hans", "en_GB"), or
    None when it names none of them (C, POSIX, fr_FR)."""
    base = tag.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip()
    if base in LANGUAGES or base == PSEUDO:
        return base
    parts = [part.lower() for part in base.split("_") if part]
    if not parts:
        return None
    if parts[0] == "zh":
        return HONG_KONG if any(part in _TRADITIONAL for part in parts[1:]) else SHANGHAI
    return ENGLISH if parts[0] == "en" else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for, in gettext's order: the first of LANGUAGE, LC_ALL,
    LC_MESSAGES and LANG that is set decides, LANGUAGE being a list tried in turn; English
    when it names none of ours."""
    environ = os.environ if environ is None else environ
    for variable in _ENVIRONMENT:
        value = environ.get(variable, "")
        if not value:
            continue
        for tag in value.split(":"):
            found = language_of(tag)
            if found is not None:
                return found
        return ENGLISH
    return ENGLISH


def choose_language(requested: str | None, environ: Mapping[str, str] | None = None) -> str:
    """`requested` (a `--lang` value, a setting) when it names a language, else the locale's."""
    if requested:
        found = language_of(requested)
        if found is not None:
            return found
    return language_from_environment(environ)
