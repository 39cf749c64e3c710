from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.signing.minisign import PublicKey, SecretKey
from hksh_packager.core.signing.team_keys import TEAM_ID_PATTERN
from hksh_packager.core.signing.trust import load_trust_list

ROOT = Path(__file__).resolve().parents[3]


def test_json_and_csv_trust_lists_hold_the_same_entries(tmp_path: Path) -> None:
    first, second = SecretKey.generate().public_key, SecretKey.generate().public_key
    records = [
        {"team_id": "T001", "team_name": "港大數據隊", "public_key": first.base64_line},
        {"team_id": "T002", "team_name": "复旦", "public_key": second.base64_line,
         "revoked": "2026-10-01"},
    ]  # fmt: skip
    (tmp_path / "trust.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    (tmp_path / "trust.csv").write_text(
        "\ufeffteam_id,team_name,public_key,revoked\n"
        f"T001,港大數據隊,{first.base64_line},\nT002,复旦,{second.base64_line},2026-10-01\n",
        "utf-8",
    )
    from_json = load_trust_list(tmp_path / "trust.json")
    from_csv = load_trust_list(tmp_path / "trust.csv")
    assert from_json.entries == from_csv.entries
    assert from_json.lookup(first).team_name == "港大數據隊"
    assert from_json.lookup(second).revoked == date(2026, 10, 1)
    assert from_json.lookup(SecretKey.generate().public_key) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[{\"team_id\": \"T1\", \"team_name\": \"A\"}]", "entry 0: field 'public_key' is missing"),
        ("[{\"team_id\": \"T1\", \"team_name\": \"A\", \"public_key\": \"abc\"}]",
         "entry 0: field 'public_key' is not a minisign public key"),
        ("[1,", "is not valid JSON"),
        ("team,key\nT1,x\n", "missing: team_id, team_name, public_key"),
        ("team_id,team_name,public_key,revoked\nT1,A,{key},yesterday\n",
         "row 2: field 'revoked' is 'yesterday'"),
    ],
)  # fmt: skip
def test_bad_trust_list_names_the_file_the_entry_and_the_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "trust.txt"
    path.write_text(text.replace("{key}", SecretKey.generate().public_key.base64_line))
    with pytest.raises(InputError) as caught:
        load_trust_list(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def _relabelled(key: PublicKey, key_id: bytes) -> PublicKey:
    """The same Ed25519 key under another key id, as a signer may write it."""
    return PublicKey(key_id=key_id, key=key.key)


def test_a_revoked_key_given_a_new_key_id_is_still_revoked(tmp_path: Path) -> None:
    secret = SecretKey.generate()
    records = [{"team_id": "T001", "team_name": "A", "public_key": secret.public_key.base64_line,
                "revoked": "2026-10-01"}]  # fmt: skip
    (tmp_path / "trust.json").write_text(json.dumps(records), "utf-8")
    trust = load_trust_list(tmp_path / "trust.json")
    other_label = _relabelled(secret.public_key, bytes(8))
    assert other_label.id_hex != secret.public_key.id_hex
    entry = trust.lookup(other_label)
    assert entry is not None and entry.revoked == date(2026, 10, 1)


@pytest.mark.parametrize(
    "team_id",
    ["\ufeffT001", "Т001", "T 001", "T001\u202e", "-T001", "T" * 65],
    ids=["bom", "cyrillic-te", "space", "rlo", "leading-dash", "too-long"],
)
def test_a_team_id_a_submission_could_not_carry_is_refused(tmp_path: Path, team_id: str) -> None:
    key = SecretKey.generate().public_key
    records = [{"team_id": team_id, "team_name": "A", "public_key": key.base64_line}]
    (tmp_path / "trust.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    with pytest.raises(InputError, match="field 'team_id' is .* not a team id"):
        load_trust_list(tmp_path / "trust.json")


def test_the_team_id_rule_is_the_submission_schemas() -> None:
    schema = json.loads((ROOT / "schemas" / "submission.schema.json").read_text("utf-8"))
    assert TEAM_ID_PATTERN.pattern == schema["properties"]["team"]["properties"]["id"]["pattern"]


@pytest.mark.parametrize(
    "revoked", ["2026-11-24junk", "2026-11-24T10:00", "2026-1-24", "24/11/2026"]
)
def test_a_revocation_date_with_anything_else_is_refused(tmp_path: Path, revoked: str) -> None:
    key = SecretKey.generate().public_key
    records = [{"team_id": "T001", "team_name": "A", "public_key": key.base64_line,
                "revoked": revoked}]  # fmt: skip
    (tmp_path / "trust.json").write_text(json.dumps(records), "utf-8")
    with pytest.raises(InputError, match="field 'revoked' is .*not an ISO date"):
        load_trust_list(tmp_path / "trust.json")
