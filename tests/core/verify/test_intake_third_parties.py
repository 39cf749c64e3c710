"""What someone without a team's key can do to an intake, and what the intake must then say: a copy
of a genuine bundle with its bag-info changed, a stranger's receipt, the genuine bundle saved again
under another name; and what a team's own keys say: two keys for one team, a key that is not the
team's registered one. Every bundle here is packed and signed for real (tests/intake.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hksh_packager.core.common.fingerprint import sha256_file
from hksh_packager.core.verify.intake import Standing
from hksh_packager.core.workflows import verify
from tests.helpers import read_members, write_members
from tests.intake import EPOCH, HOUR, KEYS, _key, _pack, write_trust_list

BAG = "HKSH2023-T001/"


@pytest.fixture
def genuine(tmp_path: Path) -> Path:
    folder = tmp_path / "bundles"
    folder.mkdir()
    return _pack(tmp_path / "work", folder / "t001.zip", "T001", "Harbour heat map", KEYS["T001"],
                 EPOCH)  # fmt: skip


def _judge(paths: list[Path], trust_file: Path | None = None, receipts: Path | None = None):  # type: ignore[no-untyped-def]
    trust = verify.load_trust(trust_file) if trust_file else None
    checker, notes = (None, []) if receipts is None else verify.receipt_checker(receipts, paths)
    reports = verify.verify_many(paths, trust=trust, workers=0)
    judged = verify.judge(reports, trust, checker, notes)
    return {e.report.bundle.name: e for e in judged.entries}


def test_a_copy_with_its_team_changed_cannot_make_the_genuine_bundle_rejected(
    genuine: Path,
) -> None:
    """The copy's bag-info now claims T009: its tag manifest fails, its signature still verifies.
    It is invalid, and takes part in no finding about who shares a key."""
    members = read_members(genuine)
    info = members[BAG + "bag-info.txt"].decode()
    members[BAG + "bag-info.txt"] = info.replace("Team-Id: T001", "Team-Id: T009").encode()
    copy = write_members(genuine.parent / "copy.zip", members)
    judged = _judge([genuine, copy])
    assert str(judged["copy.zip"].report.verdict) == "invalid"
    assert judged["t001.zip"].accepted and judged["t001.zip"].standing == Standing.COUNTS
    assert not any("also signed" in f for f in judged["t001.zip"].findings)


def test_the_teams_own_receipt_is_found_by_digest_whatever_anyone_else_sends(
    genuine: Path, tmp_path: Path
) -> None:
    """A stranger's receipt names the bundle's file with other bytes; the team's own describes
    these bytes; the bundle was saved again by a browser as 't001 (1).zip'."""
    receipts = tmp_path / "receipts"
    receipts.mkdir()
    key = KEYS["T001"].public_key.id_hex

    def receipt(name: str, file: str, size: int, digest: str) -> None:
        (receipts / name).write_text(
            "HKSH Packager submission receipt\n"
            f"File: {file}\nSize: {size:,} bytes\nSHA-256: {digest}\nSigning key id: {key}\n",
            "utf-8",
        )

    renamed = Path(shutil.move(genuine, genuine.parent / "t001 (1).zip"))
    receipt("team.receipt.txt", "t001.zip", renamed.stat().st_size, sha256_file(renamed))
    receipt("stranger.receipt.txt", "t001 (1).zip", 5, "0" * 64)
    entry = _judge([renamed], receipts=receipts)["t001 (1).zip"]
    assert entry.receipt == "matches" and entry.accepted
    assert any("saved under another name" in f for f in entry.findings)
    # The same bytes described twice is told, and still matches.
    receipt("again.receipt.txt", "t001.zip", renamed.stat().st_size, sha256_file(renamed))
    entry = _judge([renamed], receipts=receipts)["t001 (1).zip"]
    assert entry.receipt == "matches" and entry.accepted
    assert any("2 receipts describe this bundle" in f for f in entry.findings)


def test_a_team_whose_bundles_come_with_two_keys_is_a_finding_without_a_trust_list(
    genuine: Path, tmp_path: Path
) -> None:
    other = _pack(tmp_path / "work", genuine.parent / "t001-later.zip", "T001", "Harbour heat map",
                  _key(42), EPOCH + HOUR)  # fmt: skip
    judged = _judge([genuine, other])
    for name in ("t001.zip", "t001-later.zip"):
        assert any("team T001 sent bundles signed by 2 keys" in f for f in judged[name].findings)


def test_a_key_that_is_not_the_registered_teams_says_both_key_ids(
    genuine: Path, tmp_path: Path
) -> None:
    stranger = _key(42)
    bundle = _pack(tmp_path / "work", genuine.parent / "t001-other-key.zip", "T001",
                   "Harbour heat map", stranger, EPOCH)  # fmt: skip
    trust_file = write_trust_list(tmp_path / "registered.json")
    report = _judge([bundle], trust_file)["t001-other-key.zip"].report
    assert str(report.verdict) == "valid-untrusted-key"
    registered = KEYS["T001"].public_key.id_hex
    [note] = [n for n in report.notes if "registered key" in n]
    assert stranger.public_key.id_hex in note and registered in note
