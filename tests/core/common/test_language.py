"""Which language a user reads, from a choice or the locale, as gettext finds it."""

from __future__ import annotations

import pytest

from hksh_packager.core.common.language import (
    choose_language,
    language_from_environment,
    language_of,
)


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("zh_HK.UTF-8", "zh_Hant_HK"), ("zh_TW.Big5", "zh_Hant_HK"), ("zh_MO", "zh_Hant_HK"),
        ("zh-Hant", "zh_Hant_HK"), ("zh_Hant_HK", "zh_Hant_HK"),
        ("zh_CN.UTF-8", "zh_Hans_CN"), ("zh_SG", "zh_Hans_CN"), ("zh", "zh_Hans_CN"),
        ("zh-Hans", "zh_Hans_CN"), ("en_GB.UTF-8", "en"), ("en", "en"),
        ("C", None), ("POSIX", None), ("fr_FR.UTF-8", None), ("", None),
    ],
)  # fmt: skip
def test_a_locale_names_one_of_the_three_languages_or_none(tag: str, language: str | None) -> None:
    assert language_of(tag) == language


def test_the_environment_is_read_in_gettexts_order() -> None:
    assert language_from_environment({"LANG": "zh_HK.UTF-8"}) == "zh_Hant_HK"
    assert language_from_environment({"LANG": "zh_HK.UTF-8", "LC_ALL": "zh_CN.UTF-8"}) == (
        "zh_Hans_CN"
    )
    assert language_from_environment({"LC_MESSAGES": "zh_CN", "LANG": "zh_HK"}) == "zh_Hans_CN"
    # LANGUAGE is a list tried in turn, and comes first.
    assert language_from_environment({"LANGUAGE": "fr:zh_HK", "LANG": "zh_CN"}) == "zh_Hant_HK"
    # The first variable that is set decides, even when it names none of ours.
    assert language_from_environment({"LC_ALL": "C", "LANG": "zh_HK.UTF-8"}) == "en"
    assert language_from_environment({}) == "en"


def test_a_choice_wins_over_the_locale() -> None:
    assert choose_language("zh_Hans_CN", {"LANG": "zh_HK.UTF-8"}) == "zh_Hans_CN"
    assert choose_language(None, {"LANG": "zh_HK.UTF-8"}) == "zh_Hant_HK"
    assert choose_language("", {}) == "en"
