"""Inputs that two readers could read two ways are refused or resolved by a stated rule: trust
lists, bag-info.txt, trusted comments, tag files outside the format."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.trust import TrustStatus, load_trust_list
from hksh_packager.core.verify.report import Check, Verdict
from hksh_packager.core.verify.verifier import verify_bundle
from tests.helpers import read_members, require_tool, resign, sign_with_comment, write_members

BAG = "HKSH2023-T042/"
HEADER = "team_id,team_name,public_key,revoked"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "trust.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_appended_revocation_row_wins_and_is_noted(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    key = secret.public_key.base64_line
    trust = load_trust_list(
        _csv(tmp_path, f"{HEADER}\nT042,Harbour,{key},\nT042,Harbour,{key},2026-11-01\n")
    )
    report = verify_bundle(sample_bundle, trust=trust)
    assert report.verdict == Verdict.INVALID and report.trust == TrustStatus.REVOKED
    assert any("listed 2 times" in note for note in report.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("team_id,team_name,public_key,Revoked\nT042,H,{key},2026-11-01\n", "'Revoked' is unknown"),
        ("team_id,team_name,public_key,revoked,revoked\nT042,H,{key},,2026-11-01\n",
         "'revoked' is unknown or repeated"),
        (f"{HEADER}\nT042,H,{{key}},,extra\n", "more cells than the header"),
        ('[{{"team_id": "T042", "team_name": "H", "public_key": "{key}", "revoked": "2026-11-01",'
         ' "revoked": ""}}]', "names the key 'revoked' twice"),
        ('[{{"team_id": "T042", "team_name": "H", "public_key": "{key}", '
         '"Revoked": "2026-11-01"}}]', "unknown field 'Revoked'"),
        ('{{"team_id": "T042"}}', "must be a JSON array"),
    ],
    ids=["cased-column", "second-column", "extra-cell", "json-twice", "json-cased", "json-object"],
)  # fmt: skip
def test_a_trust_list_that_could_drop_a_revocation_is_refused(
    tmp_path: Path, secret: SecretKey, text: str, message: str
) -> None:
    path = _csv(tmp_path, text.format(key=secret.public_key.base64_line))
    with pytest.raises(InputError, match=message):
        load_trust_list(path)


def test_one_key_registered_to_two_teams_is_a_problem(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    key = secret.public_key.base64_line
    trust = load_trust_list(_csv(tmp_path, f"{HEADER}\nT042,Harbour,{key},\nT099,Other,{key},\n"))
    report = verify_bundle(sample_bundle, trust=trust)
    assert report.verdict == Verdict.INVALID
    assert any(p.check == Check.KEY_TRUST and "several teams (T042, T099)" in p.message
               for p in report.problems)  # fmt: skip


def test_a_field_given_twice_in_bag_info_is_a_problem(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    members = read_members(sample_bundle)
    members[BAG + "bag-info.txt"] += b"HKSH-Team-Id: T099\n"
    bundle = write_members(tmp_path / "twice.zip", resign(members, BAG, secret))
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.INVALID
    assert any(p.check == Check.BAG_INFO and "gives 'HKSH-Team-Id' 2 times" in p.message
               for p in report.problems)  # fmt: skip


@pytest.mark.parametrize(
    "control", ["\r", "\x1b[2K", "\x00", "\x7f"], ids=["cr", "esc", "nul", "del"]
)
def test_a_trusted_comment_with_control_characters_is_invalid(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey, control: str
) -> None:
    comment = (
        f"timestamp:0\tfile:tagmanifest-sha256.txt\thashed\tteam:T042{control}x\t"
        "submission:HKSH2023-T042"
    )
    members = sign_with_comment(read_members(sample_bundle), secret, comment)
    report = verify_bundle(write_members(tmp_path / "comment.zip", members))
    assert report.verdict == Verdict.INVALID
    assert any("trusted comment holds control characters" in p.message for p in report.problems), (
        report.problems
    )


def test_the_hand_signer_makes_signatures_the_verifier_accepts(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    comment = (
        "timestamp:0\tfile:tagmanifest-sha256.txt\thashed\tteam:T042\tsubmission:HKSH2023-T042"
    )
    members = sign_with_comment(read_members(sample_bundle), secret, comment)
    report = verify_bundle(write_members(tmp_path / "plain.zip", members))
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY, report.problems


@pytest.mark.tools
def test_a_signed_manifest_for_another_algorithm_is_refused_as_bagit_does(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    bagit_beside = Path(sys.executable).with_name("bagit.py")  # the test extra installs it here
    bagit = str(bagit_beside) if bagit_beside.exists() else require_tool("bagit.py")
    members = read_members(sample_bundle)
    members[BAG + "manifest-md5.txt"] = b"0" * 32 + b"  data/submission.json\n"
    signed = resign(members, BAG, secret, extra_tags=["manifest-md5.txt"])
    bundle = write_members(tmp_path / "md5.zip", signed)
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.INVALID
    assert any(p.member == "manifest-md5.txt" and p.check == Check.BAG_STRUCTURE
               for p in report.problems)  # fmt: skip
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "x")
    second_opinion = subprocess.run(
        [bagit, "--validate", str(tmp_path / "x" / BAG)], capture_output=True, text=True
    )
    assert second_opinion.returncode != 0  # bagit.py rejects it too


def test_the_sample_trust_list_round_trips_through_json(tmp_path: Path, secret: SecretKey) -> None:
    path = tmp_path / "t.json"
    entry = {"team_id": "T042", "team_name": "港大", "public_key": secret.public_key.base64_line}
    path.write_text(json.dumps([entry], ensure_ascii=False), encoding="utf-8")
    assert load_trust_list(path).lookup(secret.public_key).team_name == "港大"
