"""What a stranger's text can do to a terminal or a spreadsheet: nothing."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hksh_packager.core.common.textsafety import escape_text, spreadsheet_cell
from hksh_packager.core.verify.intake import COLUMNS, IntakeEntry, Standing
from hksh_packager.core.verify.report import (
    Check,
    Problem,
    Verdict,
    VerificationReport,
    text_report,
)

ESC = "\x1b"


def test_an_escape_sequence_in_a_bundle_cannot_repaint_the_verdict() -> None:
    # Cursor up, clear line, and a green "VALID": what a hostile bag-info.txt would try.
    team = f"T042{ESC}[1A{ESC}[2K{ESC}[32mVALID trusted{ESC}[0m"
    report = VerificationReport(
        Path("evil.zip"), Verdict.INVALID,
        (Problem(Check.BAG_INFO, "bag-info.txt", f"names {team}"),),
        bag_name="B", team_id=team, submission_id="S\u202eSDILAV",
    )  # fmt: skip
    text = text_report(report)
    assert ESC not in text and "\u202e" not in text
    assert "\\x1b[1A" in text and "\\u202e" in text
    assert text.splitlines()[0] == "evil.zip: INVALID"


@given(st.text())
@example("\x9b31m")  # the one-byte C1 form of ESC [
@example("\u2066hidden\u2069")
def test_escaped_text_has_no_control_characters(text: str) -> None:
    shown = escape_text(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert not any(c in shown for c in "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e")


def test_formula_cells_are_shown_as_text_by_spreadsheets() -> None:
    rows = [['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "plain", "a=b"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[spreadsheet_cell(c) for c in row] for row in rows])
    [read] = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert read == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "plain", "a=b"]


# Characters a review found shown unescaped: each is invisible or moves text around it.
HIDDEN = {
    "\u061c": "arabic letter mark",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\ufeff": "byte order mark",
    "\u00ad": "soft hyphen",
    "\U000e0041": "tag latin capital letter a",
    "\u202e": "right-to-left override",
    "\u2067": "right-to-left isolate",
}


@pytest.mark.parametrize("char", list(HIDDEN), ids=list(HIDDEN.values()))
def test_every_invisible_or_reordering_character_is_written_out(char: str) -> None:
    shown = escape_text(f"T042{char}x")
    assert char not in shown
    code = ord(char)
    expected = (
        f"\\x{code:02x}"
        if code < 0x100
        else (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    )
    assert shown == f"T042{expected}x"


def test_chinese_text_and_its_spaces_are_shown_as_they_are() -> None:
    text = "港大數據隊　复旦大学 Team\u00a0A"  # an ideographic and a no-break space
    assert escape_text(text) == text


@given(st.text())
@example("\u2028\ufeff\U000e0001")
def test_escaped_text_holds_only_characters_shown_as_themselves(text: str) -> None:
    shown = escape_text(text)
    # The oracle: Unicode's own categories, read here, and idempotence.
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")
                   for c in shown)  # fmt: skip
    assert escape_text(shown) == shown


@pytest.mark.parametrize("separator", [";", ",", "\t", "|"])
def test_a_formula_after_any_separator_a_spreadsheet_may_split_at_is_neutralised(
    separator: str,
) -> None:
    cell = f"x{separator}=1+1"
    assert spreadsheet_cell(cell) == "'" + cell
    # Read by a spreadsheet that splits at this separator, no piece starts a formula.
    pieces = spreadsheet_cell(cell).split(separator)
    assert pieces[0].startswith("'") and pieces[1].startswith("=")  # shown as the text 'x;=1+1


def test_the_intake_table_shows_a_bundles_text_escaped_on_every_face() -> None:
    report = VerificationReport(
        Path("evil\u202egpj.zip"), Verdict.INVALID, (), team_id="T042",
        team_name="Harbour\u202e", title="Title\u2028Second line", stage="final\ufeff",
    )  # fmt: skip
    entry = IntakeEntry(report, False, Standing.REJECTED)
    shown = {column.key: column.text(entry) for column in COLUMNS}
    assert shown["team"] == "T042 Harbour\\u202e"
    assert shown["title"] == "Title\\u2028Second line"
    assert shown["stage"] == "final\\ufeff"
    assert shown["bundle"] == "evil\\u202egpj.zip"
