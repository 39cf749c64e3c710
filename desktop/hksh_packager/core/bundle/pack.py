"""Pack a project into a signed bundle: one BagIt bag in a deterministic zip, written atomically."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from hksh_packager import APP_NAME, __version__
from hksh_packager.core.bundle import bag
from hksh_packager.core.bundle.zipwriter import DeterministicZipWriter
from hksh_packager.core.common.atomic import atomic_writer, remove_stale_parts
from hksh_packager.core.common.bundle_layout import REPORT_MEMBER, SUBMISSION_MEMBER
from hksh_packager.core.common.errors import (
    DatasetChanged,
    InputError,
    InvalidData,
    ProfileViolation,
    Remedy,
)
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    Unit,
    no_progress,
)
from hksh_packager.core.signing.minisign import SecretKey, sign
from hksh_packager.core.signing.team_keys import public_key_file_text
from hksh_packager.core.submission.profile import Profile, check_profile, load_profile
from hksh_packager.core.submission.project import PayloadFile, Project
from hksh_packager.core.validation.report_format import ProjectValidation

log = logging.getLogger(__name__)

EPOCH_ENV = "SOURCE_DATE_EPOCH"


BAD_EPOCH = define("pack.bad-epoch", "{variable}={value} is not a whole number of seconds")
NO_FOLDER = define(
    "pack.no-folder", "the folder {folder} does not exist; create it or choose another"
)
TWICE = define("pack.twice", "{member} would be bundled twice; rename the file that has that name")
TOO_LARGE = define(
    "pack.too-large", "the bundle would be {size} bytes; {profile} accepts at most {limit}. "
    "Leave out large optional attachments"
)  # fmt: skip


@dataclass(frozen=True)
class PackResult:
    path: Path
    bag_name: str
    key_id: str
    payload_files: int
    payload_bytes: int
    bundle_bytes: int


def packing_epoch(explicit: int | None = None) -> int:
    """The time written into the bundle: explicit, else SOURCE_DATE_EPOCH, else now."""
    if explicit is not None:
        return explicit
    value = os.environ.get(EPOCH_ENV)
    if value is None:
        return int(time.time())
    try:
        return int(value)
    except ValueError:
        raise InputError(BAD_EPOCH(variable=EPOCH_ENV, value=repr(value)[:80])) from None


def _bag_info(
    project: Project,
    secret: SecretKey,
    epoch: int,
    oxum: str,
    allow_invalid: bool,
    profile_id: str,
) -> bytes:
    submission = project.submission
    lead = next((m for m in submission["members"] if m.get("lead")), submission["members"][0])
    return bag.bag_info_bytes(
        [
            ("Source-Organization", submission["team"]["name"]),
            ("Contact-Name", lead["name"]),
            ("Contact-Email", lead["email"]),
            ("External-Identifier", project.submission_id),
            ("Bagging-Date", time.strftime("%Y-%m-%d", time.gmtime(epoch))),
            ("Payload-Oxum", oxum),
            ("Bag-Software-Agent", f"{APP_NAME} {__version__}"),
            ("HKSH-Bundle-Format", bag.FORMAT_VERSION),
            ("HKSH-Challenge", submission["challenge"]),
            ("HKSH-Profile", profile_id),
            ("HKSH-Team-Id", project.team_id),
            ("HKSH-Key-Id", secret.public_key.id_hex),
            *([("HKSH-Allow-Invalid", "yes")] if allow_invalid else []),
        ]
    )


def check_rules(project: Project, profile: Profile | None = None) -> Profile:
    """The profile `project` is checked against (its challenge's, unless given); raise
    ProfileViolation listing every rule it breaks, materials checked for what they are
    (their headers are read: quick)."""
    from hksh_packager.core.materials.check import check_materials

    profile = profile or load_profile(project.submission["challenge"])
    issues = check_profile(profile, project.submission, {f.member: f.size for f in project.files})
    issues += check_materials(project.root, project.submission, profile)
    broken = [issue for issue in issues if not issue.warning]  # warnings are the app's to show
    if broken:
        raise ProfileViolation(profile.id, broken)
    return profile


def pack_project(
    project: Project,
    output: Path,
    secret: SecretKey,
    *,
    epoch: int | None = None,
    level: int = 6,
    workers: int | None = None,
    validation: ProjectValidation | None = None,
    allow_invalid: bool = False,
    profile: Profile | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> PackResult:
    """Check the rules, validate the datasets (unless `validation` is given), then write the bundle
    of `project` to `output`, signed with `secret`.

    Data that fails validation is refused (InvalidData) unless `allow_invalid`, which the bundle
    records. The same project, key and epoch always give the same bytes. On any error or cancel
    the output path is left as it was.
    """
    check_output_folder(output)
    settings = PackSettings(packing_epoch(epoch), level, workers)
    profile = check_rules(project, profile)
    cancel = cancel or CancelToken()
    if validation is None:
        from hksh_packager.core.validation.project import validate_project  # the data stack

        validation = validate_project(project, progress=progress, cancel=cancel)
    return write_bundle(
        project, output, secret, validation, profile, settings,
        allow_invalid=allow_invalid, progress=progress, cancel=cancel,
    )  # fmt: skip


@dataclass(frozen=True)
class PackSettings:
    epoch: int
    level: int = 6  # deflate level for text members
    workers: int | None = None  # deflate threads (default: every core)


def check_output_folder(output: Path) -> None:
    if not Path(output).parent.is_dir():
        raise InputError(NO_FOLDER(folder=str(Path(output).parent)), remedy=Remedy.CHOOSE_OUTPUT)


@dataclass(frozen=True)
class _Contents:
    """What goes in the payload: members made here (bytes) and files read from the project."""

    generated: dict[str, bytes]
    sources: dict[str, PayloadFile]
    validated: dict[str, str]  # member -> SHA-256 of the bytes that were validated

    @property
    def payload_bytes(self) -> int:
        return sum(map(len, self.generated.values())) + sum(f.size for f in self.sources.values())

    @property
    def payload_count(self) -> int:
        return len(self.generated) + len(self.sources)


def _contents(project: Project, validation: ProjectValidation, allow_invalid: bool) -> _Contents:
    generated = {
        SUBMISSION_MEMBER: project.submission_bytes,
        REPORT_MEMBER: validation.report_bytes(allow_invalid),
        **validation.schema_files,
    }
    sources = {f.member: f for f in project.files}
    clash = sorted(set(generated) & set(sources))
    if clash:
        raise InputError(TWICE(member=clash[0]), remedy=Remedy.FIX_FILE)
    validated = {d.member: d.fingerprint.sha256 for d in validation.datasets}
    return _Contents(generated, sources, validated)


def write_bundle(
    project: Project,
    output: Path,
    secret: SecretKey,
    validation: ProjectValidation,
    profile: Profile,
    settings: PackSettings,
    *,
    allow_invalid: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> PackResult:
    """Write the signed bundle of a checked and validated project; raise DatasetChanged if a
    dataset's bytes are not the ones `validation` checked."""
    if not validation.valid and not allow_invalid:
        raise InvalidData(validation)
    cancel = cancel or CancelToken()
    contents = _contents(project, validation, allow_invalid)
    for stale in remove_stale_parts(output):
        log.info("removed %s, left by a pack that was killed", stale)
    log.debug("packing %s to %s (%d members)", project.root, output, contents.payload_count)
    total = contents.payload_bytes
    done = 0

    def on_read(count: int) -> None:
        nonlocal done
        cancel.raise_if_cancelled()
        done += count
        progress(Progress("packing", done, total, Unit.BYTES))

    with atomic_writer(output) as handle:
        writer = DeterministicZipWriter(
            handle, epoch=settings.epoch, level=settings.level, workers=settings.workers
        )
        try:
            prefix = project.submission_id + "/"
            oxum = bag.payload_oxum(total, contents.payload_count)
            info = _bag_info(project, secret, settings.epoch, oxum, allow_invalid, profile.id)
            writer.add_bytes(prefix + bag.BAG_INFO, info)
            writer.add_bytes(prefix + bag.BAGIT, bag.BAGIT_TXT)
            digests = _write_payload(writer, prefix, contents, on_read)
            tags = _signed_tags(project, secret, settings.epoch, info, digests)
            for name in (bag.MANIFEST, bag.TAGMANIFEST, bag.SIGNATURE, bag.PUBLIC_KEY):
                writer.add_bytes(prefix + name, tags[name])
            cancel.raise_if_cancelled()
            writer.close()
            limit = profile.max_bundle_bytes(project.submission.get("stage"))
            if limit is not None and handle.tell() > limit:
                said = TOO_LARGE(size=handle.tell(), profile=profile.id, limit=limit)
                raise InputError(said, remedy=Remedy.FIX_SUBMISSION)
        except BaseException:
            writer.abort()
            raise
        size = handle.tell()
    return PackResult(
        path=Path(output),
        bag_name=project.submission_id,
        key_id=secret.public_key.id_hex,
        payload_files=contents.payload_count,
        payload_bytes=total,
        bundle_bytes=size,
    )


def _write_payload(
    writer: DeterministicZipWriter, prefix: str, contents: _Contents, on_read: Callable[[int], None]
) -> dict[str, str]:
    """Every payload member in sorted order; their SHA-256 digests for the manifest."""
    digests: dict[str, str] = {}
    for member in sorted([*contents.generated, *contents.sources]):
        if member in contents.generated:
            data = contents.generated[member]
            digests[member] = writer.add_bytes(prefix + member, data).sha256
            on_read(len(data))
            continue
        source = contents.sources[member]
        digests[member] = writer.add_file(
            prefix + member, source.source, source.size, on_read
        ).sha256
        expected = contents.validated.get(member)
        if expected is not None and digests[member] != expected:
            raise DatasetChanged(str(source.source))
    return digests


def _signed_tags(
    project: Project, secret: SecretKey, epoch: int, info: bytes, digests: dict[str, str]
) -> dict[str, bytes]:
    """The manifests, the public key and the signature over the tag manifest."""
    tags = {
        bag.BAG_INFO: info,
        bag.BAGIT: bag.BAGIT_TXT,
        bag.MANIFEST: bag.manifest_bytes(digests),
        bag.PUBLIC_KEY: public_key_file_text(secret.public_key, project.team_id).encode("utf-8"),
    }
    covered = {name: hashlib.sha256(tags[name]).hexdigest() for name in bag.COVERED_TAG_FILES}
    tags[bag.TAGMANIFEST] = bag.manifest_bytes(covered)
    comment = bag.trusted_comment(epoch, project.team_id, project.submission_id)
    signature = replace(
        sign(secret, tags[bag.TAGMANIFEST], comment),
        untrusted_comment=bag.untrusted_signature_comment(
            project.team_id, secret.public_key.id_hex
        ),
    )
    tags[bag.SIGNATURE] = signature.file_text().encode("utf-8")
    return tags
