"""Check a bundle: archive safety, bag structure, manifests, completeness, Payload-Oxum, signature,
key trust and the submission description. Every problem found is reported, not only the first."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core import bag
from desktop.core.minisign import (
    MINISIGN_DEFAULT_COMMENT,
    MinisignFormatError,
    PublicKey,
    Signature,
    SignatureMismatch,
    verify,
)
from desktop.core.progress import CancelToken, Progress, ProgressCallback, no_progress
from desktop.core.project import bundle_member
from desktop.core.submission import (
    SubmissionParseError,
    check_submission,
    named_files,
    parse_submission,
)
from desktop.core.trust import TrustList, TrustStatus
from desktop.core.verify.report import Check, Problem, Verdict, VerificationReport
from desktop.core.verify.safezip import ArchiveError, Limits, Member, MemberError, SafeArchive

SUBMISSION_MEMBER = "data/submission.json"
MAX_SUBMISSION_SIZE = 1 << 20
DEFAULT_LIMITS = Limits()


@dataclass
class _State:
    """What the checks learn as they go; turned into the report at the end."""

    archive: SafeArchive
    bag_name: str = ""
    members: dict[str, Member] = field(default_factory=dict)  # path inside the bag -> member
    tags: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    info: bag.ParsedBagInfo | None = None
    public_key: PublicKey | None = None
    signature_ok: bool = False

    def problem(self, check: Check, member: str, message: str) -> None:
        self.problems.append(Problem(check, member, message))


def verify_bundle(
    path: Path,
    *,
    trust: TrustList | None = None,
    limits: Limits = DEFAULT_LIMITS,
    workers: int | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> VerificationReport:
    path = Path(path)
    cancel = cancel or CancelToken()
    try:
        archive = SafeArchive.open(path, limits)
    except ArchiveError as exc:
        problem = Problem(Check.ARCHIVE, "", f"{path.name} {exc}")
        return VerificationReport(path, Verdict.INVALID, (problem,))
    state = _State(archive)
    _locate_bag(state)
    if state.bag_name:
        _read_tag_files(state, limits)
        _hash_payload(state, workers, progress, cancel)
        _check_bagit_txt(state)
        info = _check_bag_info(state)
        _check_tag_manifest(state)
        payload_files, payload_bytes = _check_payload(state)
        _check_signature(state, info)
        trust_status, registered = _check_trust(state, info, trust)
        _check_submission(state, info)
    else:
        info, payload_files, payload_bytes = None, 0, 0
        trust_status, registered = TrustStatus.NOT_CHECKED, None
    if state.problems:
        verdict = Verdict.INVALID
    elif trust_status == TrustStatus.TRUSTED:
        verdict = Verdict.VALID
    else:
        verdict = Verdict.VALID_UNTRUSTED_KEY
    return VerificationReport(
        bundle=path,
        verdict=verdict,
        problems=tuple(state.problems),
        bag_name=state.bag_name or None,
        team_id=info.first("HKSH-Team-Id") if info else None,
        submission_id=info.first("External-Identifier") if info else None,
        key_id=state.public_key.id_hex if state.public_key else None,
        trust=trust_status,
        registered_team=registered,
        payload_files=payload_files,
        payload_bytes=payload_bytes,
    )


def _locate_bag(state: _State) -> None:
    """A bundle holds exactly one top folder, the bag; anything else is reported and ignored."""
    for rejected in state.archive.rejected:
        state.problem(Check.ARCHIVE, rejected.name, f"refused: it {rejected.reason}")
    tops: dict[str, int] = defaultdict(int)
    for member in state.archive.members:
        if "/" in member.name:
            tops[member.name.split("/", 1)[0]] += 1
    if not tops:
        state.problem(Check.BAG_STRUCTURE, "", "the archive holds no bag folder")
        return
    state.bag_name = max(sorted(tops), key=lambda top: tops[top])
    if len(tops) > 1:
        others = ", ".join(sorted(t for t in tops if t != state.bag_name))
        state.problem(
            Check.BAG_STRUCTURE,
            "",
            f"the archive holds more than one top folder: {state.bag_name} and {others}",
        )
    prefix = state.bag_name + "/"
    for member in state.archive.members:
        if not member.name.startswith(prefix):
            state.problem(Check.BAG_STRUCTURE, member.name, f"lies outside the bag folder {prefix}")
        elif not member.is_dir:
            state.members[member.name[len(prefix) :]] = member


def _read_tag_files(state: _State, limits: Limits) -> None:
    for name in bag.REQUIRED_TAG_FILES:
        member = state.members.get(name)
        if member is None:
            state.problem(Check.BAG_STRUCTURE, name, "is missing; every bundle has it")
            continue
        try:
            state.tags[name] = state.archive.read(member, limits.max_tag_file_size)
        except MemberError as exc:
            state.problem(Check.ARCHIVE, name, str(exc))
            continue
        state.digests[name] = hashlib.sha256(state.tags[name]).hexdigest()


def _hash_payload(
    state: _State, workers: int | None, progress: ProgressCallback, cancel: CancelToken
) -> None:
    """SHA-256 of every other member, streamed, several at once (hashing releases the GIL)."""
    todo = [(name, m) for name, m in state.members.items() if name not in state.tags]
    total = sum(m.size for _, m in todo)
    done = 0
    lock = threading.Lock()

    def digest(item: tuple[str, Member]) -> tuple[str, str | None, str | None]:
        nonlocal done
        name, member = item
        sha = hashlib.sha256()
        try:
            for piece in state.archive.chunks(member):
                cancel.raise_if_cancelled()
                sha.update(piece)
                with lock:
                    done += len(piece)
                    progress(Progress("verifying", done, total, name))
        except MemberError as exc:
            return name, None, str(exc)
        return name, sha.hexdigest(), None

    # Largest first, so one big member does not start last and leave the other cores idle.
    todo.sort(key=lambda item: -item[1].size)
    with ThreadPoolExecutor(workers or os.cpu_count() or 1) as pool:
        for name, hexdigest, error in pool.map(digest, todo):
            if error is not None:
                state.problem(Check.ARCHIVE, name, error)
            else:
                state.digests[name] = hexdigest  # type: ignore[assignment]
    cancel.raise_if_cancelled()


def _check_bagit_txt(state: _State) -> None:
    data = state.tags.get(bag.BAGIT)
    if data is not None and data.replace(b"\r\n", b"\n") != bag.BAGIT_TXT:
        state.problem(
            Check.BAG_STRUCTURE,
            bag.BAGIT,
            "must declare 'BagIt-Version: 1.0' and 'Tag-File-Character-Encoding: UTF-8'",
        )


def _check_bag_info(state: _State) -> bag.ParsedBagInfo | None:
    data = state.tags.get(bag.BAG_INFO)
    if data is None:
        return None
    info = bag.parse_bag_info(data)
    for error in info.errors:
        state.problem(Check.BAG_INFO, bag.BAG_INFO, error)
    for label in ("External-Identifier", "Payload-Oxum", "HKSH-Team-Id", "HKSH-Bundle-Format"):
        if not info.first(label):
            state.problem(Check.BAG_INFO, bag.BAG_INFO, f"has no '{label}' field")
    version = info.first("HKSH-Bundle-Format")
    if version and version != bag.FORMAT_VERSION:
        state.problem(
            Check.BAG_INFO,
            bag.BAG_INFO,
            f"declares bundle format {version}; this version reads format {bag.FORMAT_VERSION}",
        )
    identifier = info.first("External-Identifier")
    if identifier and identifier != state.bag_name:
        state.problem(
            Check.BAG_INFO,
            bag.BAG_INFO,
            f"names submission {identifier} but the bag folder is {state.bag_name}",
        )
    state.info = info
    return info


def _compare_manifest(
    state: _State, manifest_name: str, check: Check, expected: dict[str, str]
) -> None:
    for name, digest in sorted(expected.items()):
        if name not in state.members:
            state.problem(
                Check.COMPLETENESS, name, f"is listed in {manifest_name} but missing from the bag"
            )
        elif name in state.digests and state.digests[name] != digest:
            state.problem(check, name, f"content differs from its SHA-256 in {manifest_name}")


def _check_tag_manifest(state: _State) -> None:
    data = state.tags.get(bag.TAGMANIFEST)
    if data is None:
        _check_unlisted_tag_files(state, {})
        return
    parsed = bag.parse_manifest(data)
    for error in parsed.errors:
        state.problem(Check.TAG_MANIFEST, bag.TAGMANIFEST, error)
    for name in bag.COVERED_TAG_FILES:
        if name not in parsed.digests:
            state.problem(Check.TAG_MANIFEST, name, f"is not covered by {bag.TAGMANIFEST}")
    for name in parsed.digests:
        if name.startswith("data/"):
            state.problem(Check.TAG_MANIFEST, name, f"is payload, yet listed in {bag.TAGMANIFEST}")
    _compare_manifest(state, bag.TAGMANIFEST, Check.TAG_MANIFEST, parsed.digests)
    _check_unlisted_tag_files(state, parsed.digests)


def _check_unlisted_tag_files(state: _State, listed: dict[str, str]) -> None:
    signed_elsewhere = {bag.TAGMANIFEST, bag.SIGNATURE}
    for name in sorted(state.members):
        if name.startswith("data/") or name in listed or name in signed_elsewhere:
            continue
        if name in bag.COVERED_TAG_FILES and not listed:
            continue  # already reported: the tag manifest that should cover it is missing
        state.problem(Check.COMPLETENESS, name, f"is a tag file not covered by {bag.TAGMANIFEST}")


def _check_payload(state: _State) -> tuple[int, int]:
    payload = {n: m for n, m in state.members.items() if n.startswith("data/")}
    data = state.tags.get(bag.MANIFEST)
    if data is not None:
        parsed = bag.parse_manifest(data)
        for error in parsed.errors:
            state.problem(Check.PAYLOAD_MANIFEST, bag.MANIFEST, error)
        for name in parsed.digests:
            if not name.startswith("data/"):
                state.problem(
                    Check.PAYLOAD_MANIFEST, name, f"is listed in {bag.MANIFEST} but is not payload"
                )
        _compare_manifest(state, bag.MANIFEST, Check.PAYLOAD_MANIFEST, parsed.digests)
        for name in sorted(payload):
            if name not in parsed.digests:
                state.problem(Check.COMPLETENESS, name, f"is in the bag but not in {bag.MANIFEST}")
    count, size = len(payload), sum(m.size for m in payload.values())
    oxum = state.info.first("Payload-Oxum") if state.info else None
    if oxum and oxum != bag.payload_oxum(size, count):
        state.problem(
            Check.PAYLOAD_OXUM,
            bag.BAG_INFO,
            f"Payload-Oxum says {oxum} (bytes.files) but the bag holds {size}.{count}",
        )
    return count, size


def _check_signature(state: _State, info: bag.ParsedBagInfo | None) -> None:
    key_text, sig_text = state.tags.get(bag.PUBLIC_KEY), state.tags.get(bag.SIGNATURE)
    message = state.tags.get(bag.TAGMANIFEST)
    if key_text is None or sig_text is None or message is None:
        return
    try:
        state.public_key = PublicKey.from_file_text(key_text.decode("utf-8"))
    except (MinisignFormatError, UnicodeDecodeError) as exc:
        state.problem(Check.SIGNATURE, bag.PUBLIC_KEY, f"is not a minisign public key: {exc}")
    try:
        signature = Signature.from_file_text(sig_text.decode("utf-8"))
    except (MinisignFormatError, UnicodeDecodeError) as exc:
        state.problem(Check.SIGNATURE, bag.SIGNATURE, f"is not a minisign signature: {exc}")
        return
    if state.public_key is None:
        return
    # The first line of a minisig is not signed, so the file must be exactly as a signer writes it.
    if signature.file_text().encode("utf-8") != sig_text:
        state.problem(Check.SIGNATURE, bag.SIGNATURE, "was edited: it is not as a signer writes it")
    expected_comments = {
        bag.untrusted_signature_comment(
            info.first("HKSH-Team-Id") if info else "", state.public_key.id_hex
        ),
        MINISIGN_DEFAULT_COMMENT,
    }
    if signature.untrusted_comment not in expected_comments:
        state.problem(
            Check.SIGNATURE,
            bag.SIGNATURE,
            f"its first line was edited: {signature.untrusted_comment[:60]!r} is not the comment "
            "hksh-packager or minisign writes",
        )
    try:
        verify(state.public_key, message, signature)
    except SignatureMismatch as exc:
        state.problem(
            Check.SIGNATURE,
            bag.TAGMANIFEST,
            f"the signature in {bag.SIGNATURE} does not verify: {exc}",
        )
        return
    state.signature_ok = True
    fields = bag.parse_trusted_comment(signature.trusted_comment)
    if info is not None:
        for key, label in (("team", "HKSH-Team-Id"), ("submission", "External-Identifier")):
            if fields.get(key) != info.first(label):
                state.problem(
                    Check.SIGNATURE,
                    bag.SIGNATURE,
                    f"its trusted comment names {key} {fields.get(key) or '(none)'} but "
                    f"bag-info.txt says {info.first(label)}",
                )
        declared = info.first("HKSH-Key-Id")
        if declared and declared != state.public_key.id_hex:
            state.problem(
                Check.SIGNATURE,
                bag.BAG_INFO,
                f"names key {declared} but the bundle is signed by key {state.public_key.id_hex}",
            )


def _check_trust(
    state: _State, info: bag.ParsedBagInfo | None, trust: TrustList | None
) -> tuple[TrustStatus, str | None]:
    if not state.signature_ok or state.public_key is None:
        return TrustStatus.NOT_CHECKED, None
    if trust is None:
        return TrustStatus.NO_LIST, None
    entry = trust.lookup(state.public_key)
    if entry is None:
        return TrustStatus.UNKNOWN, None
    claimed = info.first("HKSH-Team-Id") if info else None
    if entry.revoked is not None:
        state.problem(
            Check.KEY_TRUST,
            bag.PUBLIC_KEY,
            f"key {state.public_key.id_hex} of team {entry.team_id} ({entry.team_name}) was "
            f"revoked on {entry.revoked.isoformat()}",
        )
        return TrustStatus.REVOKED, entry.team_id
    if claimed != entry.team_id:
        state.problem(
            Check.KEY_TRUST,
            bag.PUBLIC_KEY,
            f"key {state.public_key.id_hex} is registered to team {entry.team_id} "
            f"({entry.team_name}), but the bundle claims team {claimed}",
        )
        return TrustStatus.WRONG_TEAM, entry.team_id
    return TrustStatus.TRUSTED, entry.team_id


def _check_submission(state: _State, info: bag.ParsedBagInfo | None) -> None:
    member = state.members.get(SUBMISSION_MEMBER)
    if member is None:
        state.problem(Check.SUBMISSION, SUBMISSION_MEMBER, "is missing; every bundle has it")
        return
    try:
        document = parse_submission(state.archive.read(member, MAX_SUBMISSION_SIZE))
    except MemberError as exc:
        state.problem(Check.ARCHIVE, SUBMISSION_MEMBER, str(exc))
        return
    except SubmissionParseError as exc:
        state.problem(Check.SUBMISSION, SUBMISSION_MEMBER, str(exc))
        return
    errors = check_submission(document)
    for error in errors:
        state.problem(Check.SUBMISSION, SUBMISSION_MEMBER, f"field {error}")
    if errors:
        return
    if info is not None:
        pairs = (
            (document["submission_id"], "External-Identifier", "submission_id"),
            (document["team"]["id"], "HKSH-Team-Id", "team.id"),
        )
        for value, label, field_name in pairs:
            if info.first(label) and value != info.first(label):
                state.problem(
                    Check.SUBMISSION,
                    SUBMISSION_MEMBER,
                    f"{field_name} is {value} but bag-info.txt {label} is {info.first(label)}",
                )
    for section, relative in named_files(document):
        expected = bundle_member(section, relative)
        if expected not in state.members:
            state.problem(
                Check.SUBMISSION,
                expected,
                f"is named in submission.json ({section}: {relative}) but is not in the bundle",
            )


def report_json(reports: list[VerificationReport]) -> str:
    return json.dumps({"bundles": [r.to_json() for r in reports]}, ensure_ascii=False, indent=2)
