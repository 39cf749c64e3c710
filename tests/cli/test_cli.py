"""The command-line contract scripts and organisers rely on: commands, exit codes, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hksh_packager.cli import main
from tests.helpers import read_members, require_tool, write_members

PASSPHRASE = "a long passphrase"


@pytest.fixture
def file_keystore(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", PASSPHRASE)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_team_journey_generate_export_pack_and_organiser_verifies(
    tmp_path: Path, sample_dir: Path, capsys, file_keystore
) -> None:
    code, out, _ = run(capsys, "keys", "generate", "--team", "T042")
    assert code == 0 and "Created key" in out
    code, out, _ = run(capsys, "keys", "show", "--json")
    shown = json.loads(out)
    assert shown[0]["team_id"] == "T042" and "encrypted file" in shown[0]["secret_key_in"]
    pub = tmp_path / "T042.pub"
    assert run(capsys, "keys", "export-public", "-o", str(pub))[0] == 0
    bundle = tmp_path / "bundle.zip"
    code, out, _ = run(capsys, "pack", str(sample_dir), "-o", str(bundle), "--json")
    assert code == 0 and json.loads(out)["bag_name"] == "HKSH2023-T042"
    # The organiser registers the exported key in a CSV trust list and verifies.
    key_line = pub.read_text().splitlines()[1]
    trust = tmp_path / "trust.csv"
    trust.write_text(f"team_id,team_name,public_key,revoked\nT042,Harbour,{key_line},\n")
    code, out, _ = run(capsys, "verify", str(bundle), "--trust", str(trust), "--json")
    document = json.loads(out)
    assert code == 0
    assert document["bundles"][0]["verdict"] == "valid"
    assert document["bundles"][0]["problems"] == []


@pytest.mark.tools
def test_real_minisign_verifies_with_the_exported_public_key(
    tmp_path: Path, sample_dir: Path, capsys, file_keystore
) -> None:
    minisign = require_tool("minisign")
    run(capsys, "keys", "generate", "--team", "T042")
    run(capsys, "keys", "export-public", "-o", str(tmp_path / "T042.pub"))
    run(capsys, "pack", str(sample_dir), "-o", str(tmp_path / "b.zip"))
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        archive.extractall(tmp_path / "x")
    bag = tmp_path / "x" / "HKSH2023-T042"
    result = subprocess.run(
        [minisign, "-V", "-p", str(tmp_path / "T042.pub"), "-m", "tagmanifest-sha256.txt"],
        cwd=bag, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.mark.tools
def test_bundle_signed_by_real_minisign_is_accepted(
    tmp_path: Path, sample_bundle: Path, capsys
) -> None:
    """An organiser can re-sign a bag with stock minisign; our verifier accepts it."""
    minisign = require_tool("minisign")
    subprocess.run([minisign, "-G", "-W", "-p", "m.pub", "-s", "m.key"], cwd=tmp_path,
                   check=True, capture_output=True)  # fmt: skip
    from hksh_packager.core.bundle import bag as bagfmt
    from hksh_packager.core.signing.minisign import PublicKey
    from tests.helpers import sha256

    key = PublicKey.from_file_text((tmp_path / "m.pub").read_text())
    members = read_members(sample_bundle)
    prefix = "HKSH2023-T042/"
    info = members[prefix + bagfmt.BAG_INFO].decode().splitlines()
    info = [f"HKSH-Key-Id: {key.id_hex}" if line.startswith("HKSH-Key-Id") else line
            for line in info]  # fmt: skip
    members[prefix + bagfmt.BAG_INFO] = ("\n".join(info) + "\n").encode()
    members[prefix + bagfmt.PUBLIC_KEY] = (tmp_path / "m.pub").read_bytes()
    covered = {name: sha256(members[prefix + name]) for name in bagfmt.COVERED_TAG_FILES}
    manifest = tmp_path / bagfmt.TAGMANIFEST
    manifest.write_bytes(bagfmt.manifest_bytes(covered))
    comment = bagfmt.trusted_comment(1_700_000_000, "T042", "HKSH2023-T042")
    subprocess.run([minisign, "-S", "-s", "m.key", "-m", manifest.name, "-t", comment],
                   cwd=tmp_path, check=True, capture_output=True)  # fmt: skip
    members[prefix + bagfmt.TAGMANIFEST] = manifest.read_bytes()
    members[prefix + bagfmt.SIGNATURE] = (tmp_path / (manifest.name + ".minisig")).read_bytes()
    bundle = write_members(tmp_path / "minisigned.zip", members)
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps([{"team_id": "T042", "team_name": "HB",
                                  "public_key": key.base64_line}]))  # fmt: skip
    code, out, _ = run(capsys, "verify", str(bundle), "--trust", str(trust))
    assert code == 0, out
    assert ": VALID" in out


def test_tampered_bundle_exits_1_and_json_names_member_and_check(
    tmp_path: Path, sample_bundle: Path, capsys
) -> None:
    members = read_members(sample_bundle)
    members["HKSH2023-T042/data/datasets/shanghai_public_parking.csv"] += b"9,fake,x,y,1,2,3\n"
    bad = write_members(tmp_path / "bad.zip", members)
    code, out, _ = run(capsys, "verify", str(sample_bundle), str(bad), "--json")
    assert code == 1
    verdicts = [b["verdict"] for b in json.loads(out)["bundles"]]
    assert verdicts == ["valid-untrusted-key", "invalid"]
    problems = json.loads(out)["bundles"][1]["problems"]
    expected = {
        "check": "payload-manifest",
        "member": "data/datasets/shanghai_public_parking.csv",
        "message": "its content differs from its SHA-256 in manifest-sha256.txt: the file was "
        "changed after the bundle was signed",
        # The stable code and parameters, and the text in the run's language (English here).
        "message_id": "bag.differs",
        "params": {"manifest": "manifest-sha256.txt"},
    }
    assert [{k: p[k] for k in expected} for p in problems if p["check"] == expected["check"]] == [
        expected
    ]


def test_untrusted_key_exits_1_only_when_a_trust_list_is_given(
    tmp_path: Path, sample_bundle: Path, capsys
) -> None:
    assert run(capsys, "verify", str(sample_bundle))[0] == 0
    trust = tmp_path / "trust.json"
    trust.write_text("[]")
    code, out, _ = run(capsys, "verify", str(sample_bundle), "--trust", str(trust))
    assert code == 1 and "VALID-UNTRUSTED-KEY" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify", "missing.zip"], "missing.zip does not exist"),
        (["pack", "no-such-folder", "-o", "x.zip"], "no-such-folder is not a folder"),
        (["keys", "generate", "--team", "bad id"], "Team id 'bad id' is not usable"),
        (["keys", "export-public", "-o", "k.pub"], "No team key on this computer"),
    ],
)
def test_input_errors_exit_2_with_one_clear_line(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


def test_pack_without_a_key_says_how_to_make_one(tmp_path: Path, sample_dir: Path, capsys) -> None:
    code, _, err = run(capsys, "pack", str(sample_dir), "-o", str(tmp_path / "b.zip"))
    assert code == 2 and "keys generate --team T042" in err


def test_unexpected_failure_is_logged_not_shown_as_a_traceback(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    import hksh_packager.core.workflows.verify as verify_workflow

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(verify_workflow, "verify_many", explode)
    bundle = tmp_path / "b.zip"
    bundle.write_bytes(b"x")
    code, _, err = run(capsys, "verify", str(bundle))
    assert code == 2 and "disk on fire" in err and "Traceback" not in err
    log = isolated_home / "logs" / "hksh-packager.log"
    assert "Traceback" in log.read_text() and "disk on fire" in log.read_text()


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path, isolated_home: Path) -> None:
    """`hksh-packager validate ... --json | head -c 100`: the pipe closes while the command writes
    megabytes (far more than a pipe holds, so it cannot finish before the reader closes)."""
    data, schema = tmp_path / "a.csv", tmp_path / "a.schema.json"
    data.write_text("a\n" + "x\n" * 20_000, "utf-8")
    schema.write_text('{"type": "object", "properties": {"a": {"type": "integer"}}}', "utf-8")
    command = [sys.executable, "-m", "hksh_packager", "validate", str(data), "--schema",
               str(schema), "--json", "--max-errors", "100000"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.read(100)
        process.stdout.close()  # as head does after its bytes
        err = process.stderr.read().decode()
        code = process.wait()
    assert first.startswith(b"{") and code == 141, err
    log = isolated_home / "logs" / "hksh-packager.log"
    assert err == "" and "BrokenPipe" not in (log.read_text() if log.exists() else "")


def test_demo_packs_and_verifies_the_sample(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hksh_packager", "demo", "--output", str(tmp_path), "--json"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["bundles"][0]
    assert report["verdict"] == "valid" and report["trust"] == "trusted"
    assert (tmp_path / "HKSH2023-T042.zip").is_file() and (tmp_path / "trust-list.json").is_file()
