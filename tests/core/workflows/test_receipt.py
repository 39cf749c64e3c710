"""After packing: the bundle is verified and its receipt names the bytes that were made."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.submission.project import inspect_project, load_project
from hksh_packager.core.verify.report import Verdict
from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows.pack import pack
from hksh_packager.core.workflows.receipt import check_packed, read_receipt

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
    # A Hong Kong team's receipt says it all again in Traditional Chinese, for the email; what
    # `verify --receipt` reads is the English block, so both describe the same bytes.
    english, _, chinese = text.partition("\n\n")
    assert chinese.startswith("HKSH Packager 提交收據\n")
    assert f"SHA-256：{sha256sum}" in chinese and "隊伍：T042 Harbour & Bund Data Lab" in chinese
    assert f"大小：{receipt.size:,} 字節" in chinese and "檔案：HKSH2023-T042.zip" in chinese
    values = read_receipt(packed.receipt_file)
    assert values["SHA-256"] == sha256sum and values["File"] == "HKSH2023-T042.zip"
    assert read_receipt(packed.receipt_file) == _english_values(english)


def _english_values(block: str) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in block.splitlines()[1:])
    return {label.strip(): value.strip() for label, value in pairs}


def test_a_bundle_its_verifier_refuses_is_removed_and_gets_no_receipt(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The written file damaged before it is checked (a failing disk, a sync tool): one byte of
    # its payload changed.
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    phrase = lambda team, confirm: "a long passphrase"  # noqa: E731
    keys.generate_key("T042", phrase)
    outcome = pack(project_copy, tmp_path / "HKSH2023-T042.zip", phrase)
    path = outcome.result.path
    data = bytearray(path.read_bytes())
    at = data.index(b"\x89PNG\r\n")  # the diagram is stored as it is (already compressed)
    data[at + 40] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="does not pass the organisers' verifier"):
        check_packed(load_project(project_copy), outcome.result, EPOCH)
    assert not path.exists()
    assert not list(tmp_path.glob("*.receipt.txt"))


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["docs/Report.pdf", "notes/report.pdf"], "differ only by case or accents"),
        (["docs/café.pdf", "notes/cafe\u0301.pdf"], "differ only by case or accents"),
        (["docs/aux.pdf"], "names a Windows device"),
        (["docs/a:b.pdf"], "character Windows cannot put in a file name"),
        (["docs/notes.pdf;1"], "ends in ';' and digits"),
    ],
    ids=["case", "accents", "device", "colon", "version"],
)
def test_names_the_verifier_would_refuse_are_refused_when_the_project_is_read(
    project_copy: Path, names: list[str], message: str
) -> None:
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    for name in names:
        (project_copy / name).parent.mkdir(parents=True, exist_ok=True)
        (project_copy / name).write_bytes(b"%PDF-1.4\n")
        document["attachments"].append({"file": name, "kind": "other"})
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    problems = inspect_project(project_copy).problems
    assert any(message in str(p.message) for p in problems), problems
    with pytest.raises(InputError):
        load_project(project_copy)
