"""A team moves to another laptop: its key, backed up to a passphrase-encrypted file, is restored
in a fresh user folder and signs bundles that verify against the key the team registered."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from hksh_packager.cli import main

PASSPHRASE = "a long passphrase"


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def first_laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "first"
    monkeypatch.setenv("HKSH_HOME", str(home))
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", PASSPHRASE)
    return home


@pytest.mark.slow
def test_a_backed_up_key_restored_elsewhere_signs_bundles_that_verify(
    tmp_path: Path, sample_dir: Path, capsys, first_laptop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "keys", "generate", "--team", "T042")[0] == 0
    pub, backup = tmp_path / "T042.pub", tmp_path / "T042.hkshkey"
    assert run(capsys, "keys", "export-public", "-o", str(pub))[0] == 0
    code, out, _ = run(capsys, "keys", "backup", "-o", str(backup))
    assert code == 0 and "never in the project folder" in out
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    secret_file = json.loads((first_laptop / "keys" / "T042.key").read_text())
    document = json.loads(backup.read_text())
    assert document["team_id"] == "T042" and document["format"] == "hksh-encrypted-key-v1"
    assert document["ciphertext"] != secret_file["ciphertext"]  # sealed again, its own salt

    # The other laptop: a fresh user folder.
    monkeypatch.setenv("HKSH_HOME", str(tmp_path / "second"))
    code, out, _ = run(capsys, "keys", "restore", str(backup))
    assert code == 0 and "Restored key" in out
    bundle = tmp_path / "bundle.zip"
    assert run(capsys, "pack", str(sample_dir), "-o", str(bundle))[0] == 0
    key_line = pub.read_text().splitlines()[1]
    trust = tmp_path / "trust.csv"
    trust.write_text(f"team_id,team_name,public_key,revoked\nT042,Harbour,{key_line},\n")
    code, out, _ = run(capsys, "verify", str(bundle), "--trust", str(trust), "--json")
    assert code == 0
    assert json.loads(out)["bundles"][0]["verdict"] == "valid"

    # Restoring again over the key now here is refused unless asked for.
    code, _, err = run(capsys, "keys", "restore", str(backup))
    assert code == 2 and "already has a key" in err
    assert run(capsys, "keys", "restore", str(backup), "--force")[0] == 0


def test_a_backup_opens_only_with_its_passphrase_and_for_its_team(
    tmp_path: Path, capsys, first_laptop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "keys", "generate", "--team", "T042")
    backup = tmp_path / "T042.hkshkey"
    assert run(capsys, "keys", "backup", "-o", str(backup))[0] == 0
    monkeypatch.setenv("HKSH_HOME", str(tmp_path / "second"))
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", "another passphrase")
    code, _, err = run(capsys, "keys", "restore", str(backup))
    assert code == 2 and "wrong passphrase for the key file" in err
    # The team id is sealed with the secret: a backup relabelled for another team does not open.
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", PASSPHRASE)
    document = json.loads(backup.read_text())
    document["team_id"] = "T043"
    relabelled = tmp_path / "T043.hkshkey"
    relabelled.write_text(json.dumps(document))
    code, _, err = run(capsys, "keys", "restore", str(relabelled))
    assert code == 2 and "wrong passphrase" in err
    assert not (tmp_path / "second" / "keys" / "T043.json").exists()
