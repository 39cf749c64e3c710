from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hksh_packager.core.bundle import bag
from hksh_packager.core.signing.minisign import SecretKey, sign
from hksh_packager.core.signing.trust import TrustEntry, TrustList, TrustStatus
from hksh_packager.core.verify.report import Check, Verdict
from hksh_packager.core.verify.verifier import verify_bundle
from tests.helpers import read_members, sha256, write_members

BAG = "HKSH2023-T042/"


@pytest.fixture(scope="module")
def trust(secret: SecretKey) -> TrustList:
    return TrustList(None, (TrustEntry("T042", "Harbour & Bund Data Lab", secret.public_key),))


def members_of(bundle: Path) -> dict[str, bytes]:
    return read_members(bundle)


def relative_names(bundle: Path) -> list[str]:
    return [name[len(BAG) :] for name in members_of(bundle)]


def test_untouched_bundle_is_valid_with_its_key_trusted(sample_bundle: Path, trust) -> None:
    report = verify_bundle(sample_bundle, trust=trust)
    assert report.verdict == Verdict.VALID, report.problems
    assert (report.trust, report.team_id, report.submission_id) == (
        TrustStatus.TRUSTED, "T042", "HKSH2023-T042",
    )  # fmt: skip
    with zipfile.ZipFile(sample_bundle) as archive:
        payload = [i for i in archive.infolist() if i.filename.startswith(BAG + "data/")]
    assert (report.payload_files, report.payload_bytes) == (
        8, sum(i.file_size for i in payload),
    )  # fmt: skip


def test_without_a_trust_list_a_good_signature_is_valid_untrusted(sample_bundle: Path) -> None:
    report = verify_bundle(sample_bundle)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY
    assert report.trust == TrustStatus.NO_LIST


def test_key_missing_from_the_trust_list_is_untrusted(sample_bundle: Path) -> None:
    other = TrustList(None, (TrustEntry("T001", "Other", SecretKey.generate().public_key),))
    report = verify_bundle(sample_bundle, trust=other)
    assert (report.verdict, report.trust) == (Verdict.VALID_UNTRUSTED_KEY, TrustStatus.UNKNOWN)


def test_revoked_key_makes_the_bundle_invalid(sample_bundle: Path, secret: SecretKey) -> None:
    revoked = TrustList(None, (TrustEntry("T042", "HB", secret.public_key, date(2026, 11, 1)),))
    report = verify_bundle(sample_bundle, trust=revoked)
    assert report.verdict == Verdict.INVALID and report.trust == TrustStatus.REVOKED
    assert "revoked on 2026-11-01" in report.problems[0].message


def test_key_registered_to_another_team_is_invalid(sample_bundle: Path, secret: SecretKey) -> None:
    wrong = TrustList(None, (TrustEntry("T777", "Someone else", secret.public_key),))
    report = verify_bundle(sample_bundle, trust=wrong)
    assert report.verdict == Verdict.INVALID
    assert "registered to team T777" in report.problems[0].message


# -- tampering, member by member ------------------------------------------------------------------
MEMBERS = [
    "bag-info.txt", "bagit.txt", "data/attachments/architecture.png",
    "data/attachments/proposal.pdf", "data/datasets/latest_1min_temperature.csv",
    "data/datasets/shanghai_public_parking.csv", "data/reports/validation.json",
    "data/schemas/hk.hko.latest-1min-temperature.json", "data/schemas/sh.jtw.public-parking.json",
    "data/submission.json", "manifest-sha256.txt",
    "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.minisig", "team-key.pub",
]  # fmt: skip
CONTENT_CHECK = {
    "bag-info.txt": Check.TAG_MANIFEST,
    "bagit.txt": Check.TAG_MANIFEST,
    "manifest-sha256.txt": Check.TAG_MANIFEST,
    "team-key.pub": Check.TAG_MANIFEST,
    "tagmanifest-sha256.txt": Check.SIGNATURE,
    "tagmanifest-sha256.txt.minisig": Check.SIGNATURE,
}


def tampered(tmp_path: Path, bundle: Path, change) -> Path:  # type: ignore[no-untyped-def]
    members = members_of(bundle)
    change(members)
    return write_members(tmp_path / "tampered.zip", members)


def assert_invalid_naming(report, member: str, check: Check) -> None:  # type: ignore[no-untyped-def]
    assert report.verdict == Verdict.INVALID
    named = [p for p in report.problems if p.member == member or member in p.message]
    assert named, f"no problem names {member}: {report.problems}"
    assert check in {p.check for p in report.problems}, report.problems


def test_sample_bundle_has_the_members_these_tests_cover(sample_bundle: Path) -> None:
    assert relative_names(sample_bundle) == MEMBERS


@pytest.mark.parametrize("member", MEMBERS)
def test_flipped_byte_in_any_member_is_invalid(tmp_path, sample_bundle, trust, member) -> None:
    def flip(members: dict[str, bytes]) -> None:
        data = bytearray(members[BAG + member])
        data[len(data) // 2] ^= 0x20
        members[BAG + member] = bytes(data)

    report = verify_bundle(tampered(tmp_path, sample_bundle, flip), trust=trust)
    assert_invalid_naming(report, member, CONTENT_CHECK.get(member, Check.PAYLOAD_MANIFEST))


@pytest.mark.parametrize("member", MEMBERS)
def test_truncated_member_is_invalid(tmp_path, sample_bundle, trust, member) -> None:
    def cut(members: dict[str, bytes]) -> None:
        members[BAG + member] = members[BAG + member][:-7]

    report = verify_bundle(tampered(tmp_path, sample_bundle, cut), trust=trust)
    assert_invalid_naming(report, member, CONTENT_CHECK.get(member, Check.PAYLOAD_MANIFEST))


@pytest.mark.parametrize("member", MEMBERS)
def test_removed_member_is_invalid_and_named(tmp_path, sample_bundle, trust, member) -> None:
    report = verify_bundle(
        tampered(tmp_path, sample_bundle, lambda m: m.pop(BAG + member)), trust=trust
    )
    expected = Check.BAG_STRUCTURE if member in bag.REQUIRED_TAG_FILES else Check.COMPLETENESS
    assert_invalid_naming(report, member, expected)


@pytest.mark.parametrize("member", MEMBERS)
def test_renamed_member_is_invalid_naming_both_names(
    tmp_path, sample_bundle, trust, member
) -> None:
    renamed = member.replace(".", "-renamed.", 1)

    def rename(members: dict[str, bytes]) -> None:
        members[BAG + renamed] = members.pop(BAG + member)

    report = verify_bundle(tampered(tmp_path, sample_bundle, rename), trust=trust)
    expected = Check.BAG_STRUCTURE if member in bag.REQUIRED_TAG_FILES else Check.COMPLETENESS
    assert_invalid_naming(report, member, expected)
    assert_invalid_naming(report, renamed, Check.COMPLETENESS)


@pytest.mark.parametrize("extra", ["data/datasets/extra.csv", "notes.txt", "data/x/y/z.bin"])
def test_extra_file_is_invalid_and_named(tmp_path, sample_bundle, trust, extra) -> None:
    def add(members: dict[str, bytes]) -> None:
        members[BAG + extra] = b"smuggled\n"

    report = verify_bundle(tampered(tmp_path, sample_bundle, add), trust=trust)
    assert_invalid_naming(report, extra, Check.COMPLETENESS)


def test_replaced_public_key_is_invalid(tmp_path, sample_bundle, trust) -> None:
    intruder = SecretKey.generate()

    def swap(members: dict[str, bytes]) -> None:
        members[BAG + "team-key.pub"] = intruder.public_key.file_text().encode()

    report = verify_bundle(tampered(tmp_path, sample_bundle, swap), trust=trust)
    assert_invalid_naming(report, "team-key.pub", Check.TAG_MANIFEST)
    assert Check.SIGNATURE in {p.check for p in report.problems}


def test_signature_by_another_key_is_invalid(tmp_path, sample_bundle, trust) -> None:
    intruder = SecretKey.generate()

    def resign(members: dict[str, bytes]) -> None:
        message = members[BAG + "tagmanifest-sha256.txt"]
        comment = bag.trusted_comment(0, "T042", "HKSH2023-T042")
        members[BAG + bag.SIGNATURE] = sign(intruder, message, comment).file_text().encode()

    report = verify_bundle(tampered(tmp_path, sample_bundle, resign), trust=trust)
    assert_invalid_naming(report, bag.TAGMANIFEST, Check.SIGNATURE)
    assert "made with key" in " ".join(p.message for p in report.problems)


def test_whole_bag_re_signed_by_an_intruder_is_not_trusted(tmp_path, sample_bundle, trust) -> None:
    """Everything consistent, but signed by a key the organisers never registered."""
    intruder = SecretKey.generate()

    def take_over(members: dict[str, bytes]) -> None:
        lines = members[BAG + bag.BAG_INFO].decode().splitlines(keepends=True)
        members[BAG + bag.BAG_INFO] = "".join(
            f"HKSH-Key-Id: {intruder.public_key.id_hex}\n"
            if line.startswith("HKSH-Key-Id")
            else line
            for line in lines
        ).encode()
        members[BAG + bag.PUBLIC_KEY] = intruder.public_key.file_text().encode()
        covered = {name: sha256(members[BAG + name]) for name in bag.COVERED_TAG_FILES}
        members[BAG + bag.TAGMANIFEST] = bag.manifest_bytes(covered)
        signature = sign(intruder, members[BAG + bag.TAGMANIFEST],
                         bag.trusted_comment(0, "T042", "HKSH2023-T042"))  # fmt: skip
        members[BAG + bag.SIGNATURE] = signature.file_text().encode()

    report = verify_bundle(tampered(tmp_path, sample_bundle, take_over), trust=trust)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY
    assert report.trust == TrustStatus.UNKNOWN


def test_edited_bag_info_is_invalid(tmp_path, sample_bundle, trust) -> None:
    def edit(members: dict[str, bytes]) -> None:
        info = members[BAG + bag.BAG_INFO].replace(b"Harbour & Bund", b"Someone Else")
        members[BAG + bag.BAG_INFO] = info

    report = verify_bundle(tampered(tmp_path, sample_bundle, edit), trust=trust)
    assert_invalid_naming(report, bag.BAG_INFO, Check.TAG_MANIFEST)


def test_edited_untrusted_comment_of_the_signature_is_invalid(tmp_path, sample_bundle, trust):
    def edit(members: dict[str, bytes]) -> None:
        text = members[BAG + bag.SIGNATURE]
        members[BAG + bag.SIGNATURE] = text.replace(b"team T042", b"team T043", 1)

    report = verify_bundle(tampered(tmp_path, sample_bundle, edit), trust=trust)
    assert_invalid_naming(report, bag.SIGNATURE, Check.SIGNATURE)


def test_every_problem_is_reported_not_only_the_first(tmp_path, sample_bundle, trust) -> None:
    def wreck(members: dict[str, bytes]) -> None:
        members.pop(BAG + "data/attachments/proposal.pdf")
        members[BAG + "data/datasets/shanghai_public_parking.csv"] += b"9,x,y,z,1,2,3\n"
        members[BAG + "data/extra.txt"] = b"x"

    report = verify_bundle(tampered(tmp_path, sample_bundle, wreck), trust=trust)
    named = {p.member for p in report.problems}
    assert {
        "data/attachments/proposal.pdf",
        "data/datasets/shanghai_public_parking.csv",
        "data/extra.txt",
    } <= named
    assert Check.PAYLOAD_OXUM in {p.check for p in report.problems}


# -- random mutations never verify ----------------------------------------------------------------
def _mutations(count: int):  # type: ignore[no-untyped-def]
    index = st.integers(min_value=0, max_value=count - 1)
    return st.lists(
        st.one_of(
            st.tuples(st.just("flip"), index, st.integers(0, 1 << 16), st.integers(1, 255)),
            st.tuples(st.just("truncate"), index, st.integers(1, 1 << 16)),
            st.tuples(st.just("remove"), index),
            st.tuples(st.just("rename"), index, st.text("abcxyz_", min_size=1, max_size=4)),
            st.tuples(
                st.just("add"),
                st.sampled_from(["data/n.csv", "x.txt", "data/a/b"]),
                st.binary(max_size=64),
            ),
            st.tuples(st.just("copy"), index, index),
            st.tuples(st.just("raw"), st.integers(0, 1 << 20), st.integers(1, 255)),
        ),
        min_size=1,
        max_size=3,
    )


def _apply(bundle_bytes: bytes, members: dict[str, bytes], ops, tmp: Path) -> Path | None:  # type: ignore[no-untyped-def]
    """Apply ops; None when the ops together changed nothing (then the bundle is still valid)."""
    names = list(members)
    raw_flips = []
    for op in ops:
        kind = op[0]
        if kind == "raw":
            raw_flips.append(op[1:])
            continue
        if kind == "add":
            members[BAG + op[1]] = op[2]
            continue
        name = names[op[1] % len(names)]
        if name not in members:
            continue
        if kind == "flip" and members[name]:
            data = bytearray(members[name])
            data[op[2] % len(data)] ^= op[3]
            members[name] = bytes(data)
        elif kind == "truncate" and members[name]:
            members[name] = members[name][: max(0, len(members[name]) - op[2])]
        elif kind == "remove":
            members.pop(name)
        elif kind == "rename":
            members[name + op[2]] = members.pop(name)
        elif kind == "copy":
            source = names[op[2] % len(names)]
            if source in members:
                members[name] = members[source]
    path = tmp / "mutated.zip"
    if raw_flips:
        # Byte flips in the archive itself, anywhere before the central directory.
        data = bytearray(bundle_bytes)
        with zipfile.ZipFile(tmp / "original.zip") as archive:
            end = archive.start_dir
        for offset, mask in raw_flips:
            data[offset % end] ^= mask
        path.write_bytes(bytes(data))
        return path
    write_members(path, members)
    return path


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(ops=_mutations(len(MEMBERS)))
def test_random_mutations_never_verify_as_valid(
    tmp_path_factory: pytest.TempPathFactory, sample_bundle: Path, trust: TrustList, ops
) -> None:
    tmp = tmp_path_factory.mktemp("mutate")
    shutil.copy(sample_bundle, tmp / "original.zip")
    original = members_of(sample_bundle)
    members = dict(original)
    path = _apply(sample_bundle.read_bytes(), members, ops, tmp)
    raw = any(op[0] == "raw" for op in ops)
    if (raw and path.read_bytes() == sample_bundle.read_bytes()) or (
        not raw and members == original
    ):
        return  # the ops undid each other: a byte flipped twice, a member copied onto itself
    report = verify_bundle(path, trust=trust)
    assert report.verdict == Verdict.INVALID, (ops, report.problems)
