"""One view of an archive: every bundle the verifier accepts reads the same in Info-ZIP unzip,
Python's zipfile, libarchive's bsdtar and 7-Zip; every trick that makes readers disagree is
refused."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import ArchiveError
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.verify.report import Check, Verdict
from hksh_packager.core.verify.safezip import SafeArchive
from hksh_packager.core.verify.verifier import verify_bundle
from tests.helpers import read_members, require_tool, resign, write_members

BAG = "HKSH2023-T042/"
END_SIZE = 22


def _seven_zip() -> str:
    for name in ("7zz", "7z"):
        if shutil.which(name):
            return name
    return require_tool("7z")


def _verified_view(bundle: Path) -> dict[str, bytes]:
    archive = SafeArchive.open(bundle)
    assert archive.rejected == []
    return {m.name: archive.read(m, 1 << 30) for m in archive.members if not m.is_dir}


def _files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _extracted_by(reader: str, bundle: Path, into: Path) -> dict[str, bytes]:
    into.mkdir()
    commands = {
        "unzip": [require_tool("unzip"), "-q", str(bundle), "-d", str(into)],
        "bsdtar": [require_tool("bsdtar"), "-xf", str(bundle), "-C", str(into)],
        "7z": [_seven_zip(), "x", "-y", f"-o{into}", str(bundle)],
    }
    if reader == "zipfile":
        with zipfile.ZipFile(bundle) as archive:
            archive.extractall(into)
    else:
        subprocess.run(commands[reader], check=True, capture_output=True)
    return _files_under(into)


def _rezipped_by_info_zip(sample_bundle: Path, tmp_path: Path) -> Path:
    """The sample unzipped and zipped again with Info-ZIP zip -r, as an organiser might."""
    with zipfile.ZipFile(sample_bundle) as archive:
        archive.extractall(tmp_path / "unpacked")
    out = tmp_path / "rezipped.zip"
    subprocess.run(
        [require_tool("zip"), "-q", "-r", "-X", str(out), BAG.rstrip("/")],
        cwd=tmp_path / "unpacked", check=True, capture_output=True,
    )  # fmt: skip
    return out


@pytest.mark.parametrize("reader", ["unzip", "zipfile", "bsdtar", "7z"])
@pytest.mark.parametrize("made_by", ["hksh-packager", "info-zip"])
@pytest.mark.tools
def test_every_reader_extracts_exactly_what_was_verified(
    sample_bundle: Path, tmp_path: Path, reader: str, made_by: str
) -> None:
    bundle = sample_bundle if made_by == "hksh-packager" else _rezipped_by_info_zip(
        sample_bundle, tmp_path
    )  # fmt: skip
    assert verify_bundle(bundle).verdict == Verdict.VALID_UNTRUSTED_KEY
    assert _extracted_by(reader, bundle, tmp_path / reader) == _verified_view(bundle)


# -- tricks that make readers disagree ---------------------------------------------------------


def _end_record_at(data: bytes) -> int:
    at = len(data) - END_SIZE
    assert data[at : at + 4] == b"PK\x05\x06"
    return at


def _prepend(data: bytes) -> bytes:
    return b"MZ" + b"\0" * 510 + data  # what a self-extractor or a polyglot file puts in front


def _append(data: bytes) -> bytes:
    return data + b"\0" * 64


def _comment(data: bytes) -> bytes:
    at = _end_record_at(data)
    comment = b"trust me"
    return data[: at + 20] + struct.pack("<H", len(comment)) + comment


def _comment_length_without_comment(data: bytes) -> bytes:
    """The end record still closes the file but declares a comment that is not there: zipfile
    accepts it, unzip reports a truncated comment."""
    at = _end_record_at(data)
    return data[: at + 20] + struct.pack("<H", 5)


def _second_end_record(data: bytes) -> bytes:
    at = _end_record_at(data)
    return data + data[at:]


def _count_disagrees(data: bytes) -> bytes:
    at = _end_record_at(data)
    count = struct.unpack_from("<H", data, at + 10)[0]
    patched = bytearray(data)
    struct.pack_into("<HH", patched, at + 8, count - 1, count - 1)
    return bytes(patched)


def _zip64_disagrees(data: bytes) -> bytes:
    """A ZIP64 end record (and its locator) before the classic one, pointing at another central
    directory offset than the classic record gives."""
    at = _end_record_at(data)
    _, _, _, _, total, cd_size, cd_offset, _ = struct.unpack_from("<IHHHHIIH", data, at)
    record = struct.pack(
        "<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, total, total, cd_size, cd_offset + 1
    )
    locator = struct.pack("<IIQI", 0x07064B50, 0, at, 1)
    return data[:at] + record + locator + data[at:]


def _hidden_local_entry(data: bytes) -> bytes:
    """A complete local entry inserted after the first member, offsets fixed so that the
    central directory still lists only the original members: a stream reader sees one more."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = sorted(archive.infolist(), key=lambda i: i.header_offset)
    insert_at = infos[1].header_offset
    name, payload = BAG.encode() + b"data/attachments/hidden.txt", b"surprise\n"
    hidden = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 33, zlib.crc32(payload),
        len(payload), len(payload), len(name), 0,
    ) + name + payload  # fmt: skip
    shift = len(hidden)
    out = bytearray(data[:insert_at] + hidden + data[insert_at:])
    end = len(out) - END_SIZE
    cd_offset = struct.unpack_from("<I", out, end + 16)[0] + shift
    struct.pack_into("<I", out, end + 16, cd_offset)
    position = cd_offset
    while out[position : position + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, position + 28)
        offset = struct.unpack_from("<I", out, position + 42)[0]
        if offset >= insert_at:
            struct.pack_into("<I", out, position + 42, offset + shift)
        position += 46 + name_len + extra_len + comment_len
    return bytes(out)


@pytest.mark.parametrize(
    ("trick", "message"),
    [
        (_prepend, "between its central directory and its end record"),
        (_append, "does not end with its end-of-central-directory record"),
        (_comment, "does not end with its end-of-central-directory record"),
        (_comment_length_without_comment, "does not end with its end-of-central-directory"),
        (_second_end_record, "between its central directory and its end record"),
        (_count_disagrees, "says it holds"),
        (_zip64_disagrees, "two end records that disagree on the central directory offset"),
        (_hidden_local_entry, "that no listed member covers"),
    ],
    ids=[
        "prepended",
        "appended",
        "comment",
        "comment-length",
        "two-end-records",
        "count",
        "zip64",
        "hidden-entry",
    ],
)
def test_archive_level_tricks_are_refused(
    sample_bundle: Path, tmp_path: Path, trick: Callable[[bytes], bytes], message: str
) -> None:
    bundle = tmp_path / "trick.zip"
    bundle.write_bytes(trick(sample_bundle.read_bytes()))
    with pytest.raises(ArchiveError, match=message):
        SafeArchive.open(bundle)
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.INVALID and report.problems[0].check == Check.ARCHIVE


@pytest.mark.tools
def test_the_hidden_entry_is_really_seen_by_a_stream_reader(
    sample_bundle: Path, tmp_path: Path
) -> None:
    """The trick above is real: bsdtar, reading local headers from the start, extracts the
    entry that the central directory does not list."""
    bundle = tmp_path / "hidden.zip"
    bundle.write_bytes(_hidden_local_entry(sample_bundle.read_bytes()))
    # From a pipe (not a file, which it could seek), bsdtar reads local headers in order.
    subprocess.run([require_tool("bsdtar"), "-xf", "-", "-C", str(tmp_path)],
                   input=bundle.read_bytes(), check=False, capture_output=True)  # fmt: skip
    with zipfile.ZipFile(bundle) as archive:
        listed = archive.namelist()
    assert BAG + "data/attachments/hidden.txt" not in listed
    assert (tmp_path / BAG / "data/attachments/hidden.txt").is_file()


def _with_entry(sample_bundle: Path, out: Path, info: zipfile.ZipInfo, data: bytes) -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in read_members(sample_bundle).items():
            archive.writestr(name, content)
        archive.writestr(info, data)
    return out


def _unicode_path(name: str, shown: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    field = struct.pack("<BI", 1, zlib.crc32(name.encode())) + shown.encode()
    info.extra = struct.pack("<HH", 0x7075, len(field)) + field
    return info


def _typed(name: str, mode: int, system: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = system
    info.external_attr = mode << 16
    return info


@pytest.mark.parametrize(
    ("info", "data", "message"),
    [
        (_unicode_path(BAG + "data/attachments/a.txt", "../../evil.txt"), b"x",
         "Unicode path or comment field"),
        (zipfile.ZipInfo(BAG + "data/folder/"), b"data in a folder", "folder entry that carries"),
        (_typed(BAG + "data/attachments/link", 0o120777, 16), b"/etc/passwd", "symbolic link"),
        (_typed(BAG + "data/attachments/fifo", 0o010644, 0), b"", "not a regular file"),
        (zipfile.ZipInfo(BAG + "data/attachments/notes.txt "), b"x", "ends in a space or dot"),
        (zipfile.ZipInfo(BAG + "data/attachments/notes."), b"x", "ends in a space or dot"),
        (zipfile.ZipInfo(BAG + "data/attachments/CON.txt"), b"x", "names a Windows device"),
        (zipfile.ZipInfo(BAG + "data/attachments/a|b.txt"), b"x", "character Windows cannot"),
    ],
    ids=["unicode-path", "folder-data", "beos-symlink", "fifo", "trailing-space", "trailing-dot",
         "device", "pipe-char"],
)  # fmt: skip
def test_entries_other_readers_would_read_differently_are_refused(
    sample_bundle: Path, tmp_path: Path, info: zipfile.ZipInfo, data: bytes, message: str
) -> None:
    bundle = _with_entry(sample_bundle, tmp_path / "entry.zip", info, data)
    archive = SafeArchive.open(bundle)
    assert [(r.name.split("/")[-1] or r.name, message in r.reason) for r in archive.rejected] == [
        (info.filename.split("/")[-1] or info.filename, True)
    ], archive.rejected
    assert verify_bundle(bundle).verdict == Verdict.INVALID


def test_a_nul_byte_in_a_name_is_refused(sample_bundle: Path, tmp_path: Path) -> None:
    """zipfile cuts the name at the NUL ("a.txt"), unzip may keep it whole: refused."""
    placeholder = _with_entry(
        sample_bundle, tmp_path / "p.zip", zipfile.ZipInfo(BAG + "data/attachments/a.txt#.exe"),
        b"MZ",
    )  # fmt: skip
    bundle = tmp_path / "nul.zip"
    bundle.write_bytes(placeholder.read_bytes().replace(b"a.txt#.exe", b"a.txt\x00.exe"))
    archive = SafeArchive.open(bundle)
    assert [r.reason for r in archive.rejected] == ["has a NUL byte in its name"]
    assert verify_bundle(bundle).verdict == Verdict.INVALID


PROPOSAL = BAG + "data/attachments/proposal.pdf"


def _folder_whose_local_header_names(sample_bundle: Path, out: Path, target: str) -> Path:
    """A folder entry whose central record names a folder and whose local header names
    `target`, a file of the bundle (same length, so the entries still tile the file)."""
    folder = target[: -len("xyz/")] + "xyz/"
    assert len(folder) == len(target)
    made = _with_entry(sample_bundle, out, zipfile.ZipInfo(folder), b"")
    data = bytearray(made.read_bytes())
    at = data.index(folder.encode()) - 30  # the first time the name appears: its local header
    assert data[at + 30 : at + 30 + len(folder)] == folder.encode()
    data[at + 30 : at + 30 + len(folder)] = target.encode()
    out.write_bytes(bytes(data))
    return out


def test_a_folder_entry_whose_local_header_names_a_file_is_refused(
    sample_bundle: Path, tmp_path: Path
) -> None:
    bundle = _folder_whose_local_header_names(sample_bundle, tmp_path / "folder.zip", PROPOSAL)
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.INVALID
    assert any(
        "local header disagrees with its central directory entry (name)" in p.message
        for p in report.problems
    ), report.problems


@pytest.mark.tools
def test_the_folder_entry_trick_really_makes_bsdtar_write_the_file(
    sample_bundle: Path, tmp_path: Path
) -> None:
    # The second opinion that makes the rule above necessary: libarchive follows local headers.
    bundle = _folder_whose_local_header_names(sample_bundle, tmp_path / "folder.zip", PROPOSAL)
    into = tmp_path / "out"
    into.mkdir()
    subprocess.run([require_tool("bsdtar"), "-xf", str(bundle), "-C", str(into)], check=False,
                   capture_output=True)  # fmt: skip
    written = (into / PROPOSAL).read_bytes()
    assert written != read_members(sample_bundle)[PROPOSAL]


def _with_proposal_header_fields(sample_bundle: Path, out: Path, version: int, flags: int) -> Path:
    """The sample re-zipped with the proposal's version needed and flags set as given, in its
    local header and its central record alike (zipfile would write its own flags)."""
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in read_members(sample_bundle).items():
            archive.writestr(name, content)
    data = bytearray(out.read_bytes())
    name = PROPOSAL.encode()
    for signature, name_at, version_at in ((b"PK\x03\x04", 30, 4), (b"PK\x01\x02", 46, 6)):
        at = 0
        while (at := data.find(signature, at)) != -1:
            if data[at + name_at : at + name_at + len(name)] == name:
                current = struct.unpack_from("<H", data, at + version_at + 2)[0]
                struct.pack_into("<HH", data, at + version_at, version, current | flags)
            at += 4
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize(
    ("version", "flags", "message"),
    [(63, 0, "needs zip version 6.3"), (20, 0x20, "zip flags 0x0020"),
     (20, 0x40, "zip flags 0x0040")],
    ids=["version-6.3", "patch-data-flag", "strong-encryption-flag"],
)  # fmt: skip
def test_versions_and_flags_some_readers_skip_are_refused(
    sample_bundle: Path, tmp_path: Path, version: int, flags: int, message: str
) -> None:
    out = _with_proposal_header_fields(sample_bundle, tmp_path / "flagged.zip", version, flags)
    archive_view = SafeArchive.open(out)
    assert [(r.name, message in r.reason) for r in archive_view.rejected] == [(PROPOSAL, True)]
    assert verify_bundle(out).verdict == Verdict.INVALID


@pytest.mark.parametrize("suffix", [";1", ";", ";0042"])
def test_a_name_ending_in_a_version_number_is_refused(
    sample_bundle: Path, tmp_path: Path, suffix: str
) -> None:
    # unzip writes proposal.pdf;1 as proposal.pdf, over the one that was checked.
    bundle = _with_entry(
        sample_bundle, tmp_path / "v.zip", zipfile.ZipInfo(PROPOSAL + suffix), b"%PDF-evil"
    )
    archive = SafeArchive.open(bundle)
    assert [r.name for r in archive.rejected] == [PROPOSAL + suffix]
    assert "version number Info-ZIP unzip strips" in archive.rejected[0].reason
    assert verify_bundle(bundle).verdict == Verdict.INVALID


def test_a_signed_payload_file_submission_json_does_not_name_is_a_problem(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    members = read_members(sample_bundle)
    members[BAG + "data/attachments/extra.txt"] = b"not named anywhere"
    bundle = write_members(tmp_path / "extra.zip", resign(members, BAG, secret))
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.INVALID
    assert [(p.member, p.message.startswith("is in the bundle but submission.json does not"))
            for p in report.problems] == [("data/attachments/extra.txt", True)]  # fmt: skip


@pytest.mark.parametrize("mode", [0o106777, 0o104755, 0o100666])
def test_permissions_unzip_would_restore_dangerously_are_refused(
    sample_bundle: Path, tmp_path: Path, mode: int
) -> None:
    bundle = _with_entry(
        sample_bundle, tmp_path / "mode.zip", _typed(BAG + "data/attachments/run.sh", mode, 3),
        b"#!/bin/sh\n",
    )  # fmt: skip
    archive = SafeArchive.open(bundle)
    assert [(r.name, "file permissions" in r.reason) for r in archive.rejected] == [
        (BAG + "data/attachments/run.sh", True)
    ]
