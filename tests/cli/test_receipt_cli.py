"""The receipt a team emails with its upload: written by pack beside the bundle, and read back by
an organiser's `verify --receipt`, which says whether the bundle that arrived is that one."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from hksh_packager.cli import main

PASSPHRASE = "a long passphrase"


@pytest.fixture
def packed(tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", PASSPHRASE)
    assert main(["keys", "generate", "--team", "T042"]) == 0
    bundle = tmp_path / "HKSH2023-T042.zip"
    assert main(["pack", str(sample_dir), "-o", str(bundle)]) == 0
    return bundle


def _verify(capsys: pytest.CaptureFixture[str], bundle: Path, receipt: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    capsys.readouterr()
    code = main(["verify", str(bundle), "--receipt", str(receipt), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_pack_writes_a_receipt_that_names_the_bundle_on_disk(packed: Path) -> None:
    receipt = packed.with_name(packed.name + ".receipt.txt")
    text = receipt.read_text("utf-8")
    sha256sum = subprocess.run(["sha256sum", str(packed)], capture_output=True, text=True,
                               check=True).stdout.split()[0]  # fmt: skip
    assert text.startswith("HKSH Packager submission receipt\n")
    assert f"SHA-256:        {sha256sum}\n" in text
    assert f"Size:           {packed.stat().st_size:,} bytes" in text
    assert "File:           HKSH2023-T042.zip\n" in text


def test_the_receipt_matches_its_bundle_and_not_one_changed_byte(
    packed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    receipt = packed.with_name(packed.name + ".receipt.txt")
    code, document = _verify(capsys, packed, receipt)
    assert code == 0
    assert document["receipt"] == {"file": str(receipt), "matches": True, "problems": []}
    # What arrives through the cloud drive has one byte changed.
    arrived = tmp_path / "arrived" / packed.name
    arrived.parent.mkdir()
    shutil.copy(packed, arrived)
    data = bytearray(arrived.read_bytes())
    data[len(data) // 2] ^= 0x01
    arrived.write_bytes(bytes(data))
    code, document = _verify(capsys, arrived, receipt)
    assert code == 1
    assert not document["receipt"]["matches"]
    assert any("SHA-256 differs" in p for p in document["receipt"]["problems"])


def test_a_file_that_is_not_a_receipt_is_refused_with_what_to_give(
    packed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("File: HKSH2023-T042.zip\n", "utf-8")
    assert main(["verify", str(packed), "--receipt", str(notes)]) == 2
    assert "is not a HKSH Packager receipt" in capsys.readouterr().err


def test_pack_fails_and_writes_no_receipt_when_its_verifier_refuses_the_bundle(
    tmp_path: Path, project_copy: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The command line checks the bundle it wrote with the organisers' verifier, as the app does:
    one damaged after writing (a failing disk, a sync tool) is removed, with no receipt."""
    from hksh_packager.cli import main
    from hksh_packager.core.workflows import pack as pack_workflow

    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", "a long passphrase")
    assert main(["keys", "generate", "--team", "T042"]) == 0
    written = pack_workflow.write_planned

    def write_and_damage(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = written(*args, **kwargs)
        data = bytearray(result.path.read_bytes())
        at = data.index(b"\x89PNG\r\n")  # the diagram is stored as it is (already compressed)
        data[at + 40] ^= 0xFF
        result.path.write_bytes(bytes(data))
        return result

    monkeypatch.setattr(pack_workflow, "write_planned", write_and_damage)
    capsys.readouterr()
    bundle = tmp_path / "out" / "HKSH2023-T042.zip"
    bundle.parent.mkdir()
    code = main(["pack", str(project_copy), "-o", str(bundle)])
    err = capsys.readouterr().err
    assert code == 2 and "does not pass the organisers' verifier" in err
    assert not bundle.exists() and not list(bundle.parent.glob("*.receipt.txt"))


def test_a_bundle_packed_under_a_profile_file_is_verified_under_it(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    # An edition the app does not ship yet: its rules come as a file, given to pack and verify.
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", PASSPHRASE)
    assert main(["keys", "generate", "--team", "T042"]) == 0
    root = Path(__file__).resolve().parents[2]
    rules = json.loads((root / "schemas" / "profiles" / "hksh-2023.json").read_text("utf-8"))
    rules["id"] = "hksh-2027"
    profile = tmp_path / "hksh-2027.json"
    profile.write_text(json.dumps(rules), "utf-8")
    project = tmp_path / "project"
    shutil.copytree(sample_dir, project)
    submission = json.loads((project / "submission.json").read_text("utf-8"))
    submission["challenge"] = "hksh-2027"
    (project / "submission.json").write_text(json.dumps(submission), "utf-8")
    bundle = tmp_path / "HKSH2027-T042.zip"
    capsys.readouterr()
    assert main(["pack", str(project), "-o", str(bundle), "--profile", str(profile)]) == 0
    assert bundle.with_name(bundle.name + ".receipt.txt").exists()
    assert main(["verify", str(bundle), "--profile", str(profile)]) == 0
    # Without the file, the organisers' verifier knows no such challenge.
    capsys.readouterr()
    assert main(["verify", str(bundle), "--json"]) == 1
    assert "hksh-2027" in capsys.readouterr().out
