"""The trust list kept on this computer: imported, reviewed, and used by verify when no list is
given."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.trust_store import (
    EntryStatus,
    import_trust_list,
    load_stored_trust,
    review,
    stored_trust_path,
)

CLI = [sys.executable, "-m", "hksh_packager"]


def _csv(path: Path, rows: list[tuple[str, str, SecretKey, str]]) -> Path:
    lines = ["team_id,team_name,public_key,revoked"]
    lines += [f"{t},{n},{k.public_key.base64_line},{r}" for t, n, k, r in rows]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", "utf-8")
    return path


def test_import_keeps_the_list_and_review_flags_shared_and_revoked_keys(tmp_path: Path) -> None:
    one, two, three = SecretKey.generate(), SecretKey.generate(), SecretKey.generate()
    source = _csv(tmp_path / "registered.csv", [
        ("T001", "港大數據隊", one, ""), ("T002", "复旦数据组", two, "2026-11-01"),
        ("T003", "Kowloon", one, ""), ("T004", "Lion Rock", three, ""),
    ])  # fmt: skip
    assert load_stored_trust() is None
    imported = import_trust_list(source)
    assert imported.source == stored_trust_path()
    stored = load_stored_trust()
    assert stored is not None and stored.entries == imported.entries
    views = {(v.entry.team_id, v.status) for v in review(stored)}
    assert views == {("T001", EntryStatus.SHARED), ("T002", EntryStatus.REVOKED),
                     ("T003", EntryStatus.SHARED), ("T004", EntryStatus.ACTIVE)}  # fmt: skip
    assert review(stored)[0].key_id == one.public_key.id_hex
    assert "also listed for T003" in review(stored)[0].remark


def test_import_on_a_first_run_makes_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HKSH_HOME", str(tmp_path / "never-used" / "home"))
    import_trust_list(_csv(tmp_path / "registered.csv", [("T001", "A", SecretKey.generate(), "")]))
    assert stored_trust_path().is_file()


def test_a_bad_file_leaves_the_stored_list_as_it_was(tmp_path: Path) -> None:
    good = _csv(tmp_path / "good.csv", [("T001", "A", SecretKey.generate(), "")])
    import_trust_list(good)
    before = stored_trust_path().read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("team_id,team_name,public_key\nT009,B,not-a-key\n", "utf-8")
    with pytest.raises(InputError, match="row 2: field 'public_key' is not a minisign public key"):
        import_trust_list(bad)
    assert stored_trust_path().read_bytes() == before


@pytest.mark.slow
def test_verify_uses_the_imported_list_and_trust_show_reports_it(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey, isolated_home: Path
) -> None:
    source = _csv(tmp_path / "registered.csv", [("T042", "Harbour & Bund Data Lab", secret, "")])
    env = {"HKSH_HOME": str(isolated_home), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([*CLI, "trust", "import", str(source)], capture_output=True, text=True,
                         env=env, timeout=60)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Imported 1 key from" in run.stdout and secret.public_key.id_hex in run.stdout
    shown = subprocess.run([*CLI, "trust", "show", "--json"], capture_output=True, text=True,
                           env=env, timeout=60)  # fmt: skip
    keys = json.loads(shown.stdout)["keys"]
    assert [(k["team_id"], k["key_id"], k["status"]) for k in keys] == [
        ("T042", secret.public_key.id_hex, "active"),
    ]  # fmt: skip
    checked = subprocess.run([*CLI, "verify", str(sample_bundle), "--json"], capture_output=True,
                             text=True, env=env, timeout=120)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["bundles"][0]["verdict"] == "valid"
    assert "Using the imported trust list" in checked.stderr
    forgot = subprocess.run([*CLI, "trust", "forget"], capture_output=True, text=True, env=env,
                            timeout=60)  # fmt: skip
    assert forgot.returncode == 0 and not stored_trust_path().exists()
