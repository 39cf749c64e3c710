"""Core's messages in three languages: the gettext catalogues hold every message the code defines,
each translated, none fuzzy or stale, placeholders kept; the compiled files are the ones the
catalogues make; and what a user reads is the catalogue's."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from hksh_packager.core.common.messages import (
    ENGLISH,
    HONG_KONG,
    PSEUDO,
    SHANGHAI,
    define,
    define_plural,
    either,
    list_text,
    render,
)

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "resources" / "locale"
TRANSLATED = (HONG_KONG, SHANGHAI)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _key(message: object) -> tuple[str | None, str]:
    msgid = message.id  # type: ignore[attr-defined]
    return message.context, msgid if isinstance(msgid, str) else msgid[0]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str | None, str], object]:
    """What the code defines now, extracted by Babel as .ci/translations does."""
    pot = tmp_path_factory.mktemp("pot") / "hksh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "--no-default-keywords",
         "-k", "define:1c,2", "-k", "define_plural:1c,2,3", "--no-location", "-o", str(pot),
         str(ROOT / "desktop/hksh_packager/core"), str(ROOT / "desktop/hksh_packager/cli")],
        check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as handle:
        return {_key(m): m for m in read_po(handle) if m.id}


def _catalogue(language: str) -> dict[tuple[str | None, str], object]:
    with (LOCALE / language / "LC_MESSAGES" / "hksh.po").open("rb") as handle:
        return {_key(m): m for m in read_po(handle, locale=language) if m.id}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_stale(extracted, language) -> None:
    catalogue = _catalogue(language)
    assert sorted(catalogue, key=str) == sorted(extracted, key=str), (
        "run .ci/translations: the code's messages changed"
    )
    for key, message in catalogue.items():
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(s.strip() for s in strings), f"{key} has no translation in {language}"
        assert not message.fuzzy, f"{key} is fuzzy in {language}"
        source = message.id if isinstance(message.id, str) else message.id[-1]
        for translated in strings:
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), (
                f"{key}: the placeholders differ in {language}: {translated!r}"
            )


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_one_the_translations_make(tmp_path, language) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "hksh.po").open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    with (tmp_path / "made.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    with (tmp_path / "made.mo").open("rb") as made, (folder / "hksh.mo").open("rb") as shipped:
        expected, found = gettext.GNUTranslations(made), gettext.GNUTranslations(shipped)
    assert found._catalog == expected._catalog, "run .ci/translations: the .mo files are stale"  # type: ignore[attr-defined]


def test_the_two_chinese_catalogues_are_written_for_their_regions() -> None:
    """Not a character conversion of one into the other: each region's own words."""
    hong_kong, shanghai = _catalogue(HONG_KONG), _catalogue(SHANGHAI)
    text_hk = " ".join(str(m.string) for m in hong_kong.values())  # type: ignore[attr-defined]
    text_cn = " ".join(str(m.string) for m in shanghai.values())  # type: ignore[attr-defined]
    for hong_kong_word, shanghai_word in (("檔案", "文件"), ("資料夾", "文件夹")):
        assert hong_kong_word in text_hk and shanghai_word in text_cn
    assert "檔案" not in text_cn and "档案" not in text_cn  # a conversion of 檔案 would leave 档案


def test_a_message_renders_in_each_language_with_its_parameters() -> None:
    missing = define("test.folder-missing", "{folder} is not a folder")
    said = missing(folder="/tmp/x")
    assert render(said, ENGLISH) == str(said) == "/tmp/x is not a folder"
    # A code no catalogue knows falls back to its English in every language.
    assert render(said, HONG_KONG) == "/tmp/x is not a folder"
    assert render(said, PSEUDO).startswith("⟦/tmp/x îs ñöt")


def test_plural_forms_and_nested_messages_and_lists() -> None:
    rows = define_plural("test.rows", "{count} row", "{count} rows")
    assert [str(rows(count=n)) for n in (0, 1, 2)] == ["0 rows", "1 row", "2 rows"]
    outer = define("test.outer", "{inner}: {items}")
    inner = define("test.inner", "inside")
    assert str(outer(inner=inner(), items=["a", "b"])) == "inside: a, b"
    # The list separator and "or" are the language's own.
    assert list_text(["a", "b"], HONG_KONG) == "a、b"
    assert render(either([".mp4", ".mov", ".webm"])) == ".mp4 or .mov or .webm"
    assert render(either([".mp4", ".mov"]), SHANGHAI) == ".mp4或.mov"


def test_a_field_error_reads_in_each_language() -> None:
    from hksh_packager.core.submission.document import check_submission

    errors = {e.pointer: e for e in check_submission({"format": "hksh-submission/1"})}
    team_name = errors["/team"] if "/team" in errors else errors["/team/name"]
    assert "Team" in team_name.for_person(ENGLISH)
    assert "隊伍" in team_name.for_person(HONG_KONG)
    assert "团队" in team_name.for_person(SHANGHAI)
