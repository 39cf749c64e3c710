"""What a stranger's text can do to a terminal or a spreadsheet: nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from hksh_packager.core.common.textsafety import escape_text, spreadsheet_cell
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
