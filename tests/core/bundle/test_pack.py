from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.errors import Cancelled, InputError
from hksh_packager.core.common.progress import CancelToken, Progress
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.submission.project import load_project
from tests.conftest import EPOCH
from tests.helpers import require_tool


@pytest.mark.tools
def test_unzipped_bundle_passes_bagit_validate(tmp_path: Path, sample_bundle: Path) -> None:
    bagit_py = Path(sys.executable).with_name("bagit.py")
    if not bagit_py.exists():
        bagit_py = Path(require_tool("bagit.py"))
    with zipfile.ZipFile(sample_bundle) as archive:
        archive.extractall(tmp_path)
    result = subprocess.run(
        [sys.executable, str(bagit_py), "--validate", str(tmp_path / "HKSH2023-T042")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stderr


@pytest.mark.tools
def test_real_minisign_verifies_the_bundle_signature(tmp_path: Path, sample_bundle: Path) -> None:
    minisign = require_tool("minisign")
    with zipfile.ZipFile(sample_bundle) as archive:
        archive.extractall(tmp_path)
    bag = tmp_path / "HKSH2023-T042"
    result = subprocess.run(
        [minisign, "-V", "-p", "team-key.pub", "-m", "tagmanifest-sha256.txt"],
        cwd=bag, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "team:T042" in result.stdout and "submission:HKSH2023-T042" in result.stdout


def test_same_inputs_key_and_epoch_give_identical_bytes(
    tmp_path: Path, sample_dir: Path, secret: SecretKey
) -> None:
    project = load_project(sample_dir)
    first = pack_project(project, tmp_path / "a.zip", secret, epoch=EPOCH, workers=1).path
    second = pack_project(project, tmp_path / "b.zip", secret, epoch=EPOCH, workers=3).path
    assert first.read_bytes() == second.read_bytes()
    later = pack_project(project, tmp_path / "c.zip", secret, epoch=EPOCH + 86_400).path
    assert later.read_bytes() != first.read_bytes()


def test_source_date_epoch_fixes_the_bundle_time(
    tmp_path: Path, sample_dir: Path, secret: SecretKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    project = load_project(sample_dir)
    from_env = pack_project(project, tmp_path / "env.zip", secret).path
    explicit = pack_project(project, tmp_path / "arg.zip", secret, epoch=EPOCH).path
    assert from_env.read_bytes() == explicit.read_bytes()
    with zipfile.ZipFile(from_env) as archive:
        info = archive.read("HKSH2023-T042/bag-info.txt").decode()
        assert "Bagging-Date: 2023-11-14" in info
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_bundle_layout_and_compression_choices(sample_bundle: Path) -> None:
    with zipfile.ZipFile(sample_bundle) as archive:
        infos = {i.filename: i for i in archive.infolist()}
    names = list(infos)
    assert names == sorted(names)
    assert names == [
        "HKSH2023-T042/bag-info.txt",
        "HKSH2023-T042/bagit.txt",
        "HKSH2023-T042/data/attachments/architecture.png",
        "HKSH2023-T042/data/attachments/proposal.pdf",
        "HKSH2023-T042/data/datasets/latest_1min_temperature.csv",
        "HKSH2023-T042/data/datasets/shanghai_public_parking.csv",
        "HKSH2023-T042/data/reports/validation.json",
        "HKSH2023-T042/data/schemas/hk.hko.latest-1min-temperature.json",
        "HKSH2023-T042/data/schemas/sh.jtw.public-parking.json",
        "HKSH2023-T042/data/submission.json",
        "HKSH2023-T042/manifest-sha256.txt",
        "HKSH2023-T042/tagmanifest-sha256.txt",
        "HKSH2023-T042/tagmanifest-sha256.txt.minisig",
        "HKSH2023-T042/team-key.pub",
    ]
    assert infos["HKSH2023-T042/data/attachments/architecture.png"].compress_type == 0
    assert infos["HKSH2023-T042/data/attachments/proposal.pdf"].compress_type == 0
    assert infos["HKSH2023-T042/data/submission.json"].compress_type == zipfile.ZIP_DEFLATED
    assert {i.external_attr >> 16 for i in infos.values()} == {0o100644}


def test_missing_named_file_is_refused_with_its_path(project_copy: Path) -> None:
    (project_copy / "docs" / "proposal.pdf").unlink()
    with pytest.raises(
        InputError, match=r"^docs/proposal\.pdf is named in submission\.json but does not exist"
    ):
        load_project(project_copy)


def test_folder_where_a_file_is_named_is_refused(project_copy: Path) -> None:
    (project_copy / "docs" / "proposal.pdf").unlink()
    (project_copy / "docs" / "proposal.pdf").mkdir()
    with pytest.raises(InputError, match="proposal.pdf.*not a regular file"):
        load_project(project_copy)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_refused_with_its_path(project_copy: Path) -> None:
    target = project_copy / "data" / "shanghai_public_parking.csv"
    target.chmod(0)
    with pytest.raises(InputError, match="shanghai_public_parking.csv.*permission denied"):
        load_project(project_copy)


def test_file_outside_the_project_is_refused(project_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("a\n1\n")
    (project_copy / "data" / "link.csv").symlink_to(outside)
    document = json.loads((project_copy / "submission.json").read_text())
    document["datasets"][0]["file"] = "data/link.csv"
    (project_copy / "submission.json").write_text(json.dumps(document))
    with pytest.raises(InputError, match="outside the project folder"):
        load_project(project_copy)


def test_submission_that_breaks_the_schema_lists_every_field(project_copy: Path) -> None:
    document = json.loads((project_copy / "submission.json").read_text())
    document["members"][0]["email"] = "not-an-email"
    del document["title"]
    (project_copy / "submission.json").write_text(json.dumps(document))
    with pytest.raises(InputError) as caught:
        load_project(project_copy)
    assert "\n  Member 1 email is not an email address" in str(caught.value)
    assert "\n  Title (English) is required; fill it in" in str(caught.value)


def test_submission_that_is_not_json_names_line_and_column(project_copy: Path) -> None:
    (project_copy / "submission.json").write_text('{\n  "format": ,\n}')
    with pytest.raises(InputError, match="line 2, column 13"):
        load_project(project_copy)


def test_cancel_leaves_no_file_behind(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    (project_copy / "data" / "latest_1min_temperature.csv").write_bytes(
        b"Date time,Automatic Weather Station,Air Temperature(degree Celsius)\n"
        + b"".join(b"202611241800,Station %d,22.0\n" % i for i in range(400_000))
    )
    token = CancelToken()
    seen: list[Progress] = []

    def progress(update: Progress) -> None:
        seen.append(update)
        if update.done > 2_000_000:
            token.cancel()

    output = tmp_path / "out" / "bundle.zip"
    output.parent.mkdir()
    with pytest.raises(Cancelled):
        pack_project(load_project(project_copy), output, secret, progress=progress, cancel=token)
    assert list(output.parent.iterdir()) == []
    assert seen and seen[-1].total > seen[-1].done


@pytest.mark.slow
@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
def test_killed_pack_never_leaves_a_partial_file_at_the_output(
    tmp_path: Path, project_copy: Path, sent: signal.Signals
) -> None:
    # A big attachment so the pack runs long enough to be killed mid-write (source code is not
    # opened to check what it is, so random bytes will do).
    with (project_copy / "docs" / "source.zip").open("wb") as handle:
        for _ in range(48):
            handle.write(os.urandom(1 << 20))
    document = json.loads((project_copy / "submission.json").read_text())
    document["attachments"].append({"file": "docs/source.zip", "kind": "source"})
    (project_copy / "submission.json").write_text(json.dumps(document))
    home = tmp_path / "home"
    env = {**os.environ, "HKSH_HOME": str(home), "HKSH_KEYSTORE": "file",
           "HKSH_KEY_PASSPHRASE": "a long passphrase"}  # fmt: skip
    cli = [sys.executable, "-m", "hksh_packager"]
    subprocess.run([*cli, "keys", "generate", "--team", "T042"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    output = out_dir / "bundle.zip"
    output.write_bytes(b"the previous bundle")
    # The pack stops itself once 8 MiB are read (its progress callback waits there, as a slow
    # disk would) and says so in a file: the kill then lands mid-write, whatever the machine's
    # speed.
    paused = tmp_path / "paused"
    pause = (
        "import time, pathlib, hksh_packager.core.bundle.pack as p; made = p.Progress\n"
        "def held(*a):\n"
        "    progress = made(*a)\n"
        "    if progress.done >= 8 << 20:\n"
        f"        pathlib.Path({str(paused)!r}).touch(); time.sleep(600)\n"
        "    return progress\n"
        "p.Progress = held\n"
        "from hksh_packager.cli import main; import sys; sys.exit(main(sys.argv[1:]))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", pause, "pack", str(project_copy), "-o", str(output)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and not paused.exists():
        time.sleep(0.01)
    assert process.poll() is None, process.communicate()[1]
    assert paused.exists(), "pack never reached 8 MiB"
    assert [p.name for p in out_dir.iterdir() if p.name.endswith(".part")], "no partial file"
    process.send_signal(sent)
    process.wait()
    assert output.read_bytes() == b"the previous bundle"
    left = [p.name for p in out_dir.iterdir() if p.name.endswith(".part")]
    # SIGTERM is handled: the temporary file goes at once. SIGKILL cannot be: the next pack cleans.
    assert left == [] if sent == signal.SIGTERM else len(left) == 1
    # The next pack succeeds and replaces the old bundle completely.
    subprocess.run([*cli, "pack", str(project_copy), "-o", str(output)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    with zipfile.ZipFile(output) as archive:
        assert archive.testzip() is None
    # The bundle and its receipt, and no temporary file left behind.
    assert sorted(p.name for p in out_dir.iterdir()) == ["bundle.zip", "bundle.zip.receipt.txt"]
    shutil.rmtree(home)
