"""Checks of the bag itself: one top folder, tag files, manifests, completeness, Payload-Oxum."""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.bundle_layout import is_payload
from hksh_packager.core.common.cores import task_pool
from hksh_packager.core.common.errors import MemberError
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.common.progress import CancelToken, Progress, ProgressCallback, Unit
from hksh_packager.core.verify.report import Check
from hksh_packager.core.verify.safezip import Limits, Member
from hksh_packager.core.verify.state import VerifyState

REFUSED = define("archive.refused", "refused: it {reason}")  # the reason said of the member
NO_BAG = define("bag.no-folder", "the archive holds no bag folder")
SEVERAL_TOPS = define(
    "bag.several-folders", "the archive holds more than one top folder: {bag} and {others}"
)
OUTSIDE = define("bag.outside", "lies outside the bag folder {folder}")
TAG_MISSING = define("bag.tag-missing", "is missing; every bundle has it")
NO_FIELD = define("bag.no-field", "has no '{field}' field")
OTHER_FORMAT = define(
    "bag.format", "declares bundle format {found}; this version reads format {known}"
)
OTHER_NAME = define("bag.other-name", "names submission {submission} but the bag folder is {bag}")
LISTED_MISSING = define("bag.listed-missing", "is listed in {manifest} but missing from the bag")
DIFFERS = define(
    "bag.differs", "its content differs from its SHA-256 in {manifest}: the file was changed "
    "after the bundle was signed"
)  # fmt: skip
NOT_COVERED = define("bag.not-covered", "is not covered by {manifest}")
TAG_NOT_COVERED = define("bag.tag-not-covered", "is a tag file not covered by {manifest}")
NOT_LISTED = define("bag.not-listed", "is in the bag but not in {manifest}")
BAGIT_DECLARATION = define(
    "bag.declaration", "must declare 'BagIt-Version: 1.0' and 'Tag-File-Character-Encoding: UTF-8'"
)
FIELD_REPEATED = define(
    "bag.field-repeated", "gives '{field}' {count} times; readers disagree on which counts, so a "
    "bundle gives it once"
)  # fmt: skip
PAYLOAD_IN_TAGS = define("bag.payload-in-tags", "is payload, yet listed in {manifest}")
NOT_CARRIED = define(
    "bag.not-carried", "is not a file a bundle carries (bundles have only SHA-256 manifests and "
    "the tag files of format 1)"
)  # fmt: skip
NOT_PAYLOAD = define("bag.not-payload", "is listed in {manifest} but is not payload")
OXUM = define("bag.oxum", "Payload-Oxum says {oxum} (bytes.files) but the bag holds {found}")


def locate_bag(state: VerifyState) -> None:
    """A bundle holds exactly one top folder, the bag; anything else is reported and ignored."""
    for rejected in state.archive.rejected:
        state.problem(
            Check.ARCHIVE, rejected.name, REFUSED(reason=rejected.said or rejected.reason)
        )
    tops: dict[str, int] = defaultdict(int)
    for member in state.archive.members:
        if "/" in member.name:
            tops[member.name.split("/", 1)[0]] += 1
    if not tops:
        state.problem(Check.BAG_STRUCTURE, "", NO_BAG())
        return
    state.bag_name = max(sorted(tops), key=lambda top: tops[top])
    if len(tops) > 1:
        others = sorted(t for t in tops if t != state.bag_name)
        state.problem(
            Check.BAG_STRUCTURE,
            "",
            SEVERAL_TOPS(bag=state.bag_name, others=others),
        )
    prefix = state.bag_name + "/"
    for member in state.archive.members:
        if not member.name.startswith(prefix):
            state.problem(Check.BAG_STRUCTURE, member.name, OUTSIDE(folder=prefix))
        elif not member.is_dir:
            state.members[member.name[len(prefix) :]] = member


def read_tag_files(state: VerifyState, limits: Limits) -> None:
    for name in bag.REQUIRED_TAG_FILES:
        member = state.members.get(name)
        if member is None:
            state.problem(Check.BAG_STRUCTURE, name, TAG_MISSING())
            continue
        try:
            state.tags[name] = state.archive.read(member, limits.max_tag_file_size)
        except MemberError as exc:
            state.problem(Check.ARCHIVE, name, exc.said)
            continue
        state.digests[name] = hashlib.sha256(state.tags[name]).hexdigest()


def hash_payload(
    state: VerifyState, workers: int | None, progress: ProgressCallback, cancel: CancelToken
) -> None:
    """SHA-256 of every other member, streamed, several at once (hashing releases the GIL)."""
    todo = [(name, m) for name, m in state.members.items() if name not in state.tags]
    total = sum(m.size for _, m in todo)
    done = 0
    lock = threading.Lock()

    def digest(item: tuple[str, Member]) -> tuple[str, str | None, Message | str | None]:
        nonlocal done
        name, member = item
        sha = hashlib.sha256()
        try:
            for piece in state.archive.chunks(member):
                cancel.raise_if_cancelled()
                sha.update(piece)
                with lock:
                    done += len(piece)
                    progress(Progress("verifying", done, total, Unit.BYTES, name))
        except MemberError as exc:
            return name, None, exc.said
        return name, sha.hexdigest(), None

    # Largest first, so one big member does not start last and leave the other cores idle.
    todo.sort(key=lambda item: -item[1].size)
    with task_pool(workers or len(todo)) as pool:
        for name, hexdigest, error in pool.map(digest, todo):
            if error is not None:
                state.problem(Check.ARCHIVE, name, error)
            else:
                state.digests[name] = hexdigest  # type: ignore[assignment]
    cancel.raise_if_cancelled()


def check_bagit_txt(state: VerifyState) -> None:
    data = state.tags.get(bag.BAGIT)
    if data is not None and data.replace(b"\r\n", b"\n") != bag.BAGIT_TXT:
        state.problem(
            Check.BAG_STRUCTURE,
            bag.BAGIT,
            BAGIT_DECLARATION(),
        )


def check_bag_info(state: VerifyState) -> bag.ParsedBagInfo | None:
    data = state.tags.get(bag.BAG_INFO)
    if data is None:
        return None
    info = bag.parse_bag_info(data)
    for error in info.errors:
        state.problem(Check.BAG_INFO, bag.BAG_INFO, error)
    for label in ("External-Identifier", "Payload-Oxum", "HKSH-Team-Id", "HKSH-Bundle-Format"):
        if not info.first(label):
            state.problem(Check.BAG_INFO, bag.BAG_INFO, NO_FIELD(field=label))
    for label in bag.RELIED_ON_FIELDS:
        if len(info.fields.get(label, [])) > 1:
            state.problem(
                Check.BAG_INFO,
                bag.BAG_INFO,
                FIELD_REPEATED(field=label, count=len(info.fields[label])),
            )
    version = info.first("HKSH-Bundle-Format")
    if version and version != bag.FORMAT_VERSION:
        state.problem(
            Check.BAG_INFO,
            bag.BAG_INFO,
            OTHER_FORMAT(found=version, known=bag.FORMAT_VERSION),
        )
    identifier = info.first("External-Identifier")
    if identifier and identifier != state.bag_name:
        state.problem(
            Check.BAG_INFO,
            bag.BAG_INFO,
            OTHER_NAME(submission=identifier, bag=state.bag_name),
        )
    state.info = info
    return info


def compare_manifest(
    state: VerifyState, manifest_name: str, check: Check, expected: dict[str, str]
) -> None:
    for name, digest in sorted(expected.items()):
        if name not in state.members:
            state.problem(Check.COMPLETENESS, name, LISTED_MISSING(manifest=manifest_name))
        elif name in state.digests and state.digests[name] != digest:
            state.problem(check, name, DIFFERS(manifest=manifest_name))


def check_tag_manifest(state: VerifyState) -> None:
    data = state.tags.get(bag.TAGMANIFEST)
    if data is None:
        check_unlisted_tag_files(state, {})
        return
    parsed = bag.parse_manifest(data)
    for error in parsed.errors:
        state.problem(Check.TAG_MANIFEST, bag.TAGMANIFEST, error)
    for name in bag.COVERED_TAG_FILES:
        if name not in parsed.digests:
            state.problem(Check.TAG_MANIFEST, name, NOT_COVERED(manifest=bag.TAGMANIFEST))
    for name in parsed.digests:
        if is_payload(name):
            state.problem(Check.TAG_MANIFEST, name, PAYLOAD_IN_TAGS(manifest=bag.TAGMANIFEST))
    compare_manifest(state, bag.TAGMANIFEST, Check.TAG_MANIFEST, parsed.digests)
    check_unlisted_tag_files(state, parsed.digests)


def check_unlisted_tag_files(state: VerifyState, listed: dict[str, str]) -> None:
    signed_elsewhere = {bag.TAGMANIFEST, bag.SIGNATURE}
    for name in sorted(state.members):
        if is_payload(name) or name in signed_elsewhere:
            continue
        if name in listed:
            if name not in bag.COVERED_TAG_FILES:
                # Covered by the signature but not part of the format: another reader (bagit.py
                # with a manifest for another algorithm) would check it where we would not.
                state.problem(
                    Check.BAG_STRUCTURE,
                    name,
                    NOT_CARRIED(),
                )
            continue
        if name in bag.COVERED_TAG_FILES and not listed:
            continue  # already reported: the tag manifest that should cover it is missing
        state.problem(Check.COMPLETENESS, name, TAG_NOT_COVERED(manifest=bag.TAGMANIFEST))


def check_payload(state: VerifyState) -> tuple[int, int]:
    payload = {n: m for n, m in state.members.items() if is_payload(n)}
    data = state.tags.get(bag.MANIFEST)
    if data is not None:
        parsed = bag.parse_manifest(data)
        for error in parsed.errors:
            state.problem(Check.PAYLOAD_MANIFEST, bag.MANIFEST, error)
        for name in parsed.digests:
            if not is_payload(name):
                state.problem(Check.PAYLOAD_MANIFEST, name, NOT_PAYLOAD(manifest=bag.MANIFEST))
        compare_manifest(state, bag.MANIFEST, Check.PAYLOAD_MANIFEST, parsed.digests)
        for name in sorted(payload):
            if name not in parsed.digests:
                state.problem(Check.COMPLETENESS, name, NOT_LISTED(manifest=bag.MANIFEST))
    count, size = len(payload), sum(m.size for m in payload.values())
    oxum = state.info.first("Payload-Oxum") if state.info else None
    if oxum and oxum != bag.payload_oxum(size, count):
        state.problem(
            Check.PAYLOAD_OXUM,
            bag.BAG_INFO,
            OXUM(oxum=oxum, found=f"{size}.{count}"),
        )
    return count, size
