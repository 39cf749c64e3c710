"""After packing: the bundle is verified and its receipt names the bytes that were made."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hksh_packager.core.submission.project import load_project
from hksh_packager.core.verify.report import Verdict
from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows.pack import pack
from hksh_packager.core.workflows.receipt import check_packed

EPOCH = 1_700_000_000


def test_the_receipt_names_the_bundle_on_disk(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    phrase = lambda team, confirm: "a long passphrase"  # noqa: E731
    key = keys.generate_key("T042", phrase).info
    outcome = pack(project_copy, tmp_path / "HKSH2023-T042.zip", phrase)
    packed = check_packed(load_project(project_copy), outcome.result, EPOCH)
    assert packed.report.verdict == Verdict.VALID_UNTRUSTED_KEY
    receipt = packed.receipt
    sha256sum = subprocess.run(
        ["sha256sum", str(packed.path)], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    assert receipt.sha256 == sha256sum
    assert receipt.size == packed.path.stat().st_size
    assert receipt.key_id == key.key_id
    text = receipt.text()
    for expected in (
        "Team:           T042 Harbour & Bund Data Lab",
        "Submission id:  HKSH2023-T042",
        "File:           HKSH2023-T042.zip",
        f"SHA-256:        {sha256sum}",
        "Stage:          final",
        "Signed at:      2023-11-14 22:13:20 UTC",
        "Check it with:  hksh-packager verify HKSH2023-T042.zip",
    ):
        assert expected in text
