from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.trust import load_trust_list


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
