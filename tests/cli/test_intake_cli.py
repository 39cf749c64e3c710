"""The organisers' daily routine on the command line: scan, scan again, report, decide."""

from __future__ import annotations

import json
from pathlib import Path

from hksh_packager.cli import main
from tests.intake import KEYS, _pack


def test_scan_report_and_decide(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    drive, intake = tmp_path / "drive", tmp_path / "intake"
    drive.mkdir()
    _pack(tmp_path / "work", drive / "t001.zip", "T001", "Map", KEYS["T001"], 1_690_000_000)
    assert main(["intake", "scan", str(drive), "--intake", str(intake)]) == 0
    assert "1 bundles in the sources; 1 new since the last scan; 1 verified now" in (
        capsys.readouterr().out
    )
    assert main(["intake", "scan", str(drive), "--intake", str(intake)]) == 0
    assert "0 new since the last scan; 0 verified now" in capsys.readouterr().out
    assert main(["intake", "report", "--intake", str(intake), "--json",
                 "--report", str(tmp_path / "judges.html")]) == 0  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    [bundle] = document["bundles"]
    assert bundle["intake"]["arrived_at"] > 0 and bundle["intake"]["decision"] is None
    assert (tmp_path / "judges.html").is_file()
    assert main(["intake", "decide", "--intake", str(intake), "t001.zip", "--reject",
                 "--reason", "sent twice by mistake", "--by", "Ada"]) == 0  # fmt: skip
    assert "Recorded: t001.zip, rejected by Ada: sent twice by mistake" in capsys.readouterr().out
    assert main(["intake", "report", "--intake", str(intake), "--json"]) == 0
    [bundle] = json.loads(capsys.readouterr().out)["bundles"]
    assert bundle["intake"]["decision"]["kind"] == "reject"
    assert bundle["intake"]["accepted"] is False
    code = main(["intake", "decide", "--intake", str(intake), "t009.zip", "--reject",
                 "--reason", "x", "--by", "Ada"])  # fmt: skip
    assert code == 2 and "no bundle of the intake is named or begins with t009.zip" in (
        capsys.readouterr().err
    )


def test_a_folder_that_is_not_an_intake_ledger_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    intake = tmp_path / "intake"
    intake.mkdir()
    (intake / "intake.sqlite3").write_bytes(b"this is a spreadsheet, not a ledger" * 100)
    assert main(["intake", "report", "--intake", str(intake)]) == 2
    assert "is not an intake ledger of this app" in capsys.readouterr().err


def test_another_programs_database_is_refused_untouched(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    intake = tmp_path / "intake"
    intake.mkdir()
    with sqlite3.connect(intake / "intake.sqlite3") as other:
        other.execute("CREATE TABLE contacts (name TEXT)")
    before = (intake / "intake.sqlite3").read_bytes()
    assert main(["intake", "report", "--intake", str(intake)]) == 2
    assert "is not an intake ledger of this app (another program's database)" in (
        capsys.readouterr().err
    )
    assert (intake / "intake.sqlite3").read_bytes() == before
