"""Bundles crafted to attack the verifier: each gets a specific error, nothing is written, memory
stays bounded."""

from __future__ import annotations

import io
import math
import os
import struct
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import ArchiveError, MemberError
from hksh_packager.core.verify.report import Check, Verdict
from hksh_packager.core.verify.safezip import Limits, SafeArchive
from hksh_packager.core.verify.verifier import verify_bundle
from tests.helpers import read_members

BAG = "HKSH2023-T042/"


def with_entry(bundle: Path, out: Path, info: zipfile.ZipInfo, data: bytes = b"x") -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in read_members(bundle).items():
            archive.writestr(name, content)
        archive.writestr(info, data)
    return out


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info


HOSTILE = [
    ("../evil.txt", "climbs out of its folder"),
    (BAG + "data/../../evil.txt", "climbs out of its folder"),
    ("/etc/cron.d/evil", "is an absolute path"),
    (BAG + "data\\..\\evil.txt", "uses a backslash"),
    ("C:/Windows/evil.txt", "starts with a drive letter"),
    (BAG + "data//double.csv", "empty or '.' path segment"),
    (BAG + "data/bell\x07.csv", "control characters"),
]


@pytest.mark.parametrize(("name", "reason"), HOSTILE)
def test_dangerous_names_are_refused_by_name(
    tmp_path: Path, sample_bundle: Path, name: str, reason: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = with_entry(sample_bundle, tmp_path / "hostile.zip", zipfile.ZipInfo(name))
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.INVALID
    refused = [p for p in report.problems if p.member == name]
    assert refused and refused[0].check == Check.ARCHIVE and reason in refused[0].message
    assert list(workdir.iterdir()) == [], "verification writes nothing"
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_entry_is_refused(tmp_path: Path, sample_bundle: Path) -> None:
    name = BAG + "data/datasets/link.csv"
    bundle = with_entry(sample_bundle, tmp_path / "h.zip", symlink_info(name), b"/etc/passwd")
    report = verify_bundle(bundle)
    assert any(p.member == name and "symbolic link" in p.message for p in report.problems)


def test_duplicate_name_is_refused(tmp_path: Path, sample_bundle: Path) -> None:
    name = BAG + "data/submission.json"
    with pytest.warns(UserWarning, match="Duplicate name"):
        bundle = with_entry(sample_bundle, tmp_path / "h.zip", zipfile.ZipInfo(name), b"{}")
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.INVALID
    assert any(p.member == name and "more than once" in p.message for p in report.problems)


@pytest.mark.parametrize(
    "twin",
    [
        BAG + "data/Submission.json",
        BAG + "DATA/submission.json",
    ],
)
def test_names_colliding_by_case_are_refused(tmp_path: Path, sample_bundle: Path, twin) -> None:
    bundle = with_entry(sample_bundle, tmp_path / "h.zip", zipfile.ZipInfo(twin))
    report = verify_bundle(bundle)
    assert any(p.member == twin and "collides with" in p.message for p in report.problems)


def test_names_colliding_after_unicode_normalisation_are_refused(
    tmp_path: Path, sample_bundle: Path
) -> None:
    composed = BAG + "data/datasets/café.csv"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    with zipfile.ZipFile(tmp_path / "h.zip", "w") as archive:
        for name, content in read_members(sample_bundle).items():
            archive.writestr(name, content)
        archive.writestr(composed, b"a")
        archive.writestr(decomposed, b"b")
    report = verify_bundle(tmp_path / "h.zip")
    assert any(p.member == decomposed and "collides" in p.message for p in report.problems)


def test_high_ratio_member_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("bag/data/zeros.csv", bytes(8 << 20))
    opened = SafeArchive.open(path, Limits(max_ratio=100))
    assert not opened.members
    assert "zip bomb" in opened.rejected[0].reason


def _patch_declared_sizes(data: bytes, size: int, *, local_too: bool) -> bytes:
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    while at >= 0:
        struct.pack_into("<I", patched, at + 24, size)
        if local_too:
            local = struct.unpack_from("<I", patched, at + 42)[0]
            struct.pack_into("<I", patched, local + 22, size)
        at = patched.find(b"PK\x01\x02", at + 4)
    return bytes(patched)


def test_huge_declared_size_is_refused_without_reading(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(10):
            archive.writestr(f"bag/data/{index}.csv", b"a,b\n1,2\n")
    path = tmp_path / "huge.zip"
    path.write_bytes(_patch_declared_sizes(buffer.getvalue(), 0xFFFFFFF0, local_too=False))
    with pytest.raises(ArchiveError, match="declares 42949672800 bytes uncompressed"):
        SafeArchive.open(path)
    report = verify_bundle(path)
    assert report.verdict == Verdict.INVALID and "zip bomb" in report.problems[0].message


def test_member_lying_about_its_size_is_stopped_with_bounded_memory(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("bag/data/zeros.csv", bytes(64 << 20))
    path = tmp_path / "liar.zip"
    path.write_bytes(_patch_declared_sizes(buffer.getvalue(), 1000, local_too=True))
    opened = SafeArchive.open(path)
    tracemalloc.start()
    with pytest.raises(MemberError, match="expands beyond its declared size of 1000 bytes"):
        for _ in opened.chunks(opened.members[0]):
            pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 << 20, f"peak {peak} bytes while inflating a bomb"


def test_too_many_entries_is_refused(tmp_path: Path, sample_bundle: Path) -> None:
    with pytest.raises(ArchiveError, match="declares 14 entries; a bundle may hold at most 5"):
        SafeArchive.open(sample_bundle, Limits(max_entries=5))


def test_truncated_archive_is_named_as_truncated(tmp_path: Path, sample_bundle: Path) -> None:
    data = sample_bundle.read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: len(data) // 2])
    report = verify_bundle(path)
    assert report.verdict == Verdict.INVALID
    assert "truncated" in report.problems[0].message and "cut.zip" in report.problems[0].message


def test_data_cut_out_of_the_middle_is_detected(tmp_path: Path, sample_bundle: Path) -> None:
    data = sample_bundle.read_bytes()
    path = tmp_path / "holed.zip"
    path.write_bytes(data[:3000] + data[3100:])
    report = verify_bundle(path)
    assert report.verdict == Verdict.INVALID
    assert {p.check for p in report.problems} & {Check.ARCHIVE}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is an empty file (0 bytes)"),
        (b"%PDF-1.4\n" + os.urandom(2000), "is not a zip archive"),
        (b"PK\x03\x04" + bytes(100), "is a truncated zip"),
    ],
)
def test_files_that_are_not_bundles_get_a_specific_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "upload.zip"
    path.write_bytes(content)
    report = verify_bundle(path)
    assert report.verdict == Verdict.INVALID
    assert len(report.problems) == 1
    assert report.problems[0].check == Check.ARCHIVE
    assert report.problems[0].message.startswith("upload.zip " + message)


def test_two_bags_in_one_archive_are_reported(tmp_path: Path, sample_bundle: Path) -> None:
    bundle = with_entry(sample_bundle, tmp_path / "two.zip", zipfile.ZipInfo("other-bag/x.txt"))
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.INVALID
    assert any("more than one top folder" in p.message for p in report.problems)
    assert any(p.member == "other-bag/x.txt" for p in report.problems)


@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["limit-below", "limit-at", "limit-above"])
def test_the_expansion_ratio_limit_holds_at_its_boundary(tmp_path: Path, offset: int) -> None:
    path = tmp_path / "ratio.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bag/data/zeros.csv", b"0" * (4 << 20))
    with zipfile.ZipFile(path) as archive:
        [info] = archive.infolist()
    ratio = info.file_size / info.compress_size  # about 1,000 (over the 1 MiB floor)
    limit = math.ceil(ratio) + offset  # "at": the smallest whole limit the member keeps to
    opened = SafeArchive.open(path, Limits(max_ratio=limit))
    assert bool(opened.rejected) == (offset < 0), (ratio, limit)
    if offset < 0:
        assert f"more than the {limit}x allowed" in opened.rejected[0].reason
