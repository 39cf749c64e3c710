from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hksh_packager.core.bundle import zipformat, zipwriter
from hksh_packager.core.bundle.zipwriter import DeterministicZipWriter
from hksh_packager.core.verify.safezip import SafeArchive
from tests.helpers import require_tool


def write_zip(members: dict[str, bytes], *, workers: int, block_size: int, tmp: Path) -> bytes:
    out = io.BytesIO()
    writer = DeterministicZipWriter(
        out, epoch=1_700_000_000, workers=workers, block_size=block_size
    )
    for name in sorted(members):
        source = tmp / f"m{len(name)}-{abs(hash(name))}"
        source.write_bytes(members[name])
        writer.add_file(name, source, len(members[name]))
    writer.close()
    return out.getvalue()


names = st.text(alphabet=st.sampled_from("abcxyz數據上海香港_-."), min_size=1, max_size=12).map(
    lambda s: f"bag/data/{s}.csv"
)
contents = st.one_of(
    st.binary(max_size=300_000),
    st.text(alphabet="0123456789,;\n港沪", max_size=200_000).map(str.encode),
)


@settings(max_examples=40, deadline=None)
@given(members=st.dictionaries(names, contents, min_size=1, max_size=5),
       block=st.sampled_from([1 << 15, 40_000, 1 << 16, 1 << 20]))  # fmt: skip
def test_any_content_reads_back_exactly_and_bytes_do_not_depend_on_threads(
    tmp_path_factory: pytest.TempPathFactory, members: dict[str, bytes], block: int
) -> None:
    tmp = tmp_path_factory.mktemp("zw")
    serial = write_zip(members, workers=1, block_size=block, tmp=tmp)
    parallel = write_zip(members, workers=4, block_size=block, tmp=tmp)
    assert serial == parallel
    with zipfile.ZipFile(io.BytesIO(parallel)) as archive:
        assert archive.testzip() is None
        assert {i.filename: archive.read(i) for i in archive.infolist()} == members


@pytest.mark.tools
def test_multi_block_member_passes_unzip(tmp_path: Path) -> None:
    unzip = require_tool("unzip")
    text = b"".join(b"%d,Central and Western,%d.5\n" % (i, i % 40) for i in range(200_000))
    data = write_zip({"bag/data/big.csv": text}, workers=2, block_size=1 << 16, tmp=tmp_path)
    (tmp_path / "out.zip").write_bytes(data)
    result = subprocess.run([unzip, "-t", "out.zip"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(data) < len(text) / 3, "text is deflated"


def test_media_and_incompressible_members_are_stored_text_is_deflated(tmp_path: Path) -> None:
    members = {
        "b/a.csv": b"district,value\n" * 1000,
        "b/clip.mp4": b"\x00" * 5000,  # compressible, but video is stored by its type
        "b/noise.bin": os.urandom(100_000),
        "b/empty.txt": b"",
    }
    data = write_zip(members, workers=2, block_size=1 << 16, tmp=tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        methods = {i.filename: i.compress_type for i in archive.infolist()}
    assert methods == {
        "b/a.csv": zipfile.ZIP_DEFLATED,
        "b/clip.mp4": zipfile.ZIP_STORED,
        "b/noise.bin": zipfile.ZIP_STORED,
        "b/empty.txt": zipfile.ZIP_STORED,
    }


@pytest.mark.tools
def test_zip64_local_headers_are_read_by_zipfile_unzip_and_our_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Members over 4 GiB take ZIP64 headers; lowering the threshold exercises that path quickly.
    monkeypatch.setattr(zipwriter, "ZIP64_THRESHOLD", 0)
    members = {"b/data/x.csv": b"a,b\n" * 50_000, "b/data/y.bin": os.urandom(70_000)}
    path = tmp_path / "z64.zip"
    path.write_bytes(write_zip(members, workers=2, block_size=1 << 16, tmp=tmp_path))
    with zipfile.ZipFile(path) as archive:
        assert {i.filename: archive.read(i) for i in archive.infolist()} == members
    opened = SafeArchive.open(path)
    assert not opened.rejected
    assert {m.name: b"".join(opened.chunks(m)) for m in opened.members} == members
    unzip = require_tool("unzip")
    assert subprocess.run([unzip, "-t", str(path)], capture_output=True).returncode == 0


@pytest.mark.tools
def test_zip64_central_directory_is_read_by_zipfile_unzip_and_our_verifier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_dir: Path
) -> None:
    # Bundles past 4 GiB or 65,535 members need ZIP64 central records; a zero limit forces them.
    from hksh_packager.core.bundle.pack import pack_project
    from hksh_packager.core.signing.minisign import SecretKey
    from hksh_packager.core.submission.project import load_project
    from hksh_packager.core.verify.verifier import verify_bundle

    monkeypatch.setattr(zipwriter, "CENTRAL_LIMIT", 0)
    monkeypatch.setattr(zipwriter, "ZIP64_THRESHOLD", 0)
    path = pack_project(load_project(sample_dir), tmp_path / "z.zip", SecretKey.generate()).path
    assert b"PK\x06\x06" in path.read_bytes()[-200:], "a ZIP64 end record was written"
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    report = verify_bundle(path)
    assert report.verdict.value == "valid-untrusted-key", report.problems
    unzip = require_tool("unzip")
    assert subprocess.run([unzip, "-t", str(path)], capture_output=True).returncode == 0


def test_members_must_be_added_in_sorted_order() -> None:
    writer = DeterministicZipWriter(io.BytesIO(), epoch=0)
    writer.add_bytes("b/2", b"x")
    with pytest.raises(ValueError, match="sorted order"):
        writer.add_bytes("b/1", b"y")
    writer.abort()


def test_times_before_1980_are_clamped() -> None:
    assert zipformat.dos_datetime(0) == (0, (0 << 9) | (1 << 5) | 1)
