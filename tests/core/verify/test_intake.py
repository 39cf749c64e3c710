"""A whole intake verified in a batch: each bundle classified exactly, and the exit code, the JSON
on stdout and the JSON, CSV and HTML reports all saying the same."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hksh_packager.core.verify.intake import COLUMNS
from hksh_packager.core.workflows import verify
from tests.intake import KEYS, Expected, make_intake, write_trust_list

CLI = [sys.executable, "-m", "hksh_packager"]


@pytest.fixture(scope="module")
def intake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Expected]]:
    root = tmp_path_factory.mktemp("intake")
    expected = make_intake(root / "bundles", root / "work")
    return root / "bundles", write_trust_list(root / "registered.json"), expected


def test_the_batch_classifies_every_bundle_exactly(intake) -> None:
    folder, trust_file, expected = intake
    trust = verify.load_trust(trust_file)
    paths = verify.check_bundle_paths([folder])
    assert sorted(p.name for p in paths) == sorted(expected)
    judged = verify.judge(verify.verify_many(paths, trust=trust, workers=2), trust)
    for entry in judged.entries:
        want = expected[entry.report.bundle.name]
        got = (str(entry.report.verdict), str(entry.standing), entry.accepted)
        assert got == (want.verdict, want.standing, want.accepted), entry.report.bundle.name
        if want.check:
            assert str(entry.report.problems[0].check) == want.check, entry.report.problems
    assert not judged.all_accepted
    by_name = {e.report.bundle.name: e for e in judged.entries}
    assert (
        "superseded by t001-second.zip, signed later (2023-11-15 08:13 UTC+8)"
        in by_name["t001-first.zip"].findings
    )
    assert (
        "the same content as t001-second.zip, which counts"
        in by_name["t001-second-again.zip"].findings
    )
    # The key T003 misused is T001's: T001 is told, not blamed; the trust list decides.
    assert by_name["t001-second.zip"].accepted
    assert any("also signed t003-wrong-key.zip" in f for f in by_name["t001-second.zip"].findings)


class _Rows(HTMLParser):
    """The intake table's cells, read by the standard library's HTML parser."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_table = self.in_cell = False
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("id", "intake") in attrs:
            self.in_table = True
        elif tag == "script":
            self.scripts += 1
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("td", "th"):
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.in_table = False
        elif tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data: str) -> None:
        if self.in_table and self.in_cell:
            self.rows[-1][-1] += data


def _by_bundle(rows: list[list[str]] | list[dict[str, str]]) -> dict[str, dict[str, str]]:
    if rows and isinstance(rows[0], list):
        header, *body = rows
        rows = [dict(zip(header, row, strict=True)) for row in body]  # type: ignore[arg-type]
    return {row["Bundle"]: row for row in rows}  # type: ignore[index]


def test_exit_code_json_csv_and_html_agree(intake, tmp_path: Path) -> None:
    folder, trust_file, expected = intake
    reports = [tmp_path / "intake.html", tmp_path / "intake.csv", tmp_path / "intake.json"]
    run = subprocess.run(
        [*CLI, "verify", str(folder), "--trust", str(trust_file), "--json",
         *(arg for path in reports for arg in ("--report", str(path)))],
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    printed = json.loads(run.stdout)
    assert json.loads(reports[2].read_text("utf-8")) == printed
    assert "11 bundles, 3 accepted, 8 rejected, 1 team with a bundle that counts" in run.stderr
    from_json = {
        Path(b["bundle"]).name: (b["verdict"], b["intake"]["standing"], b["intake"]["accepted"])
        for b in printed["bundles"]
    }
    assert from_json == {n: (e.verdict, e.standing, e.accepted) for n, e in expected.items()}

    raw = reports[1].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read the names as UTF-8
    from_csv = _by_bundle(list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))))
    parser = _Rows()
    parser.feed(reports[0].read_text("utf-8"))
    from_html = _by_bundle(parser.rows)
    assert parser.scripts == 1
    headers = [str(column.header()) for column in COLUMNS]
    assert list(parser.rows[0]) == headers
    for name, want in expected.items():
        for table in (from_csv, from_html):
            row = table[name]
            assert (row["Verdict"], row["Standing"]) == (want.verdict, want.standing)
        assert from_csv[name]["accepted"] == ("yes" if want.accepted else "no")
    assert from_csv["t001-second.zip"]["Team"] == "T001 港大數據隊"
    assert from_html["t005-revoked-key.zip"]["Team"] == "T005 浦東開放數據"
    assert from_html["t006-no-proposal.zip"]["Rules"] == "2 problems"  # proposal, video
    assert from_html["t007-bad-dataset.zip"]["Datasets"] == "failed"
    assert from_html["t001-second.zip"]["Signed (team's clock)"] == "2023-11-15 08:13 UTC+8"


def test_an_intake_where_every_bundle_is_accepted_exits_0(intake, tmp_path: Path) -> None:
    folder, trust_file, _ = intake
    run = subprocess.run(
        [*CLI, "verify", str(folder / "t001-first.zip"), str(folder / "t001-second.zip"),
         "--trust", str(trust_file)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "t001-first.zip: superseded" in run.stdout
    assert "2 bundles, 2 accepted, 0 rejected" in run.stderr


def test_receipts_are_matched_by_name_or_digest(intake, tmp_path: Path) -> None:
    from hksh_packager.core.common.fingerprint import sha256_file

    folder, trust_file, _ = intake
    receipts = tmp_path / "receipts"
    receipts.mkdir()
    second = folder / "t001-second.zip"
    key = KEYS["T001"].public_key.id_hex

    def receipt(name: str, file: str, size: int, digest: str) -> None:
        (receipts / name).write_text(
            "HKSH Packager submission receipt\n"
            f"File: {file}\nSize: {size:,} bytes\nSHA-256: {digest}\nSigning key id: {key}\n",
            "utf-8",
        )

    receipt("a.receipt.txt", "t001-second.zip", second.stat().st_size, sha256_file(second))
    receipt("b.receipt.txt", "t001-first.zip", 5, "0" * 64)  # not the bundle that arrived
    receipt("c.receipt.txt", "t009-never-arrived.zip", 5, "1" * 64)
    paths = [second, folder / "t001-first.zip", folder / "t004-unknown-key.zip"]
    trust = verify.load_trust(trust_file)
    checker, notes = verify.receipt_checker(receipts, paths)
    judged = verify.judge(verify.verify_many(paths, trust=trust, workers=0), trust, checker, notes)
    states = {e.report.bundle.name: (e.receipt, e.accepted) for e in judged.entries}
    assert states == {
        "t001-second.zip": ("matches", True),
        "t001-first.zip": ("does not match", False),
        "t004-unknown-key.zip": ("none", False),
    }
    first = judged.entries[1]
    assert any("the SHA-256 differs" in f for f in first.findings)
    assert judged.notes == (
        "a receipt names t009-never-arrived.zip, which is not among the bundles",
    )


def test_without_a_trust_list_one_key_for_two_teams_blocks_both(intake) -> None:
    folder, _, _ = intake
    paths = [folder / "t001-second.zip", folder / "t003-wrong-key.zip"]
    judged = verify.judge(verify.verify_many(paths, workers=0), None)
    assert [(str(e.report.verdict), e.accepted) for e in judged.entries] == [
        ("valid-untrusted-key", False), ("valid-untrusted-key", False),
    ]  # fmt: skip
    assert "ask both teams which key is theirs" in judged.entries[0].findings[0]


def test_a_folder_without_bundles_is_an_input_error(tmp_path: Path) -> None:
    from hksh_packager.core.common.errors import InputError

    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="holds no .zip bundle"):
        verify.check_bundle_paths([tmp_path])
