"""Pack a project into a signed bundle: one BagIt bag in a deterministic zip, written atomically."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from hksh_packager import APP_NAME, __version__
from hksh_packager.core.bundle import bag
from hksh_packager.core.bundle.layout import REPORT_MEMBER, SUBMISSION_MEMBER
from hksh_packager.core.bundle.report_format import ProjectValidation
from hksh_packager.core.bundle.zipwriter import DeterministicZipWriter
from hksh_packager.core.common.atomic import atomic_writer
from hksh_packager.core.common.errors import InputError, InvalidData, ProfileViolation, Remedy
from hksh_packager.core.common.progress import CancelToken, Progress, ProgressCallback, no_progress
from hksh_packager.core.signing.minisign import SecretKey, sign
from hksh_packager.core.signing.team_keys import public_key_file_text
from hksh_packager.core.submission.profile import Profile, check_profile, load_profile
from hksh_packager.core.submission.project import Project

EPOCH_ENV = "SOURCE_DATE_EPOCH"


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
        raise InputError(f"{EPOCH_ENV}={value!r} is not a whole number of seconds") from None


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
    """Validate the datasets (unless `validation` is given), then write the bundle of `project` to
    `output`, signed with `secret`.

    Data that fails validation is refused (InvalidData) unless `allow_invalid`, which the bundle
    records. The same project, key and epoch always give the same bytes. On any error or cancel
    the output path is left as it was.
    """
    output = Path(output)
    if not output.parent.is_dir():
        raise InputError(
            f"the folder {output.parent} does not exist; create it or choose another",
            remedy=Remedy.CHOOSE_OUTPUT,
        )
    epoch = packing_epoch(epoch)
    cancel = cancel or CancelToken()
    profile = profile or load_profile(project.submission["challenge"])
    issues = check_profile(profile, project.submission, {f.member: f.size for f in project.files})
    if issues:
        raise ProfileViolation(profile.id, issues)
    if validation is None:
        from hksh_packager.core.validation.project import validate_project  # loads the data stack

        validation = validate_project(project, cancel=cancel)
    if not validation.valid and not allow_invalid:
        raise InvalidData(validation)
    generated = {
        SUBMISSION_MEMBER: project.submission_bytes,
        REPORT_MEMBER: validation.report_bytes(allow_invalid),
        **validation.schema_files,
    }
    sources = {f.member: f for f in project.files}
    clash = sorted(set(generated) & set(sources))
    if clash:
        raise InputError(f"{clash[0]} would be bundled twice; rename the file that has that name")
    prefix = project.submission_id + "/"
    payload_bytes = sum(map(len, generated.values())) + sum(f.size for f in project.files)
    payload_count = len(generated) + len(project.files)
    oxum = bag.payload_oxum(payload_bytes, payload_count)
    public_text = public_key_file_text(secret.public_key, project.team_id)
    done = 0

    def on_read(count: int) -> None:
        nonlocal done
        cancel.raise_if_cancelled()
        done += count
        progress(Progress("packing", done, payload_bytes))

    with atomic_writer(output) as handle:
        writer = DeterministicZipWriter(handle, epoch=epoch, level=level, workers=workers)
        try:
            tags = {
                bag.BAG_INFO: _bag_info(project, secret, epoch, oxum, allow_invalid, profile.id),
                bag.BAGIT: bag.BAGIT_TXT,
            }
            for name in (bag.BAG_INFO, bag.BAGIT):
                writer.add_bytes(prefix + name, tags[name])
            digests: dict[str, str] = {}
            for member in sorted([*generated, *sources]):
                if member in generated:
                    digest = writer.add_bytes(prefix + member, generated[member])
                    on_read(len(generated[member]))
                else:
                    source = sources[member]
                    digest = writer.add_file(prefix + member, source.source, source.size, on_read)
                digests[member] = digest.sha256
            tags[bag.MANIFEST] = bag.manifest_bytes(digests)
            tags[bag.PUBLIC_KEY] = public_text.encode("utf-8")
            tag_digests = {
                name: hashlib.sha256(tags[name]).hexdigest() for name in bag.COVERED_TAG_FILES
            }
            tags[bag.TAGMANIFEST] = bag.manifest_bytes(tag_digests)
            comment = bag.trusted_comment(epoch, project.team_id, project.submission_id)
            signature = sign(secret, tags[bag.TAGMANIFEST], comment)
            signature = replace(
                signature,
                untrusted_comment=bag.untrusted_signature_comment(
                    project.team_id, secret.public_key.id_hex
                ),
            )
            tags[bag.SIGNATURE] = signature.file_text().encode("utf-8")
            for name in (bag.MANIFEST, bag.TAGMANIFEST, bag.SIGNATURE, bag.PUBLIC_KEY):
                writer.add_bytes(prefix + name, tags[name])
            cancel.raise_if_cancelled()
            writer.close()
            if handle.tell() > profile.max_bundle_bytes:
                raise InputError(
                    f"the bundle would be {handle.tell()} bytes; {profile.id} accepts at most "
                    f"{profile.max_bundle_bytes}. Leave out large optional attachments"
                )
        except BaseException:
            writer.abort()
            raise
        size = handle.tell()
    return PackResult(
        path=output,
        bag_name=project.submission_id,
        key_id=secret.public_key.id_hex,
        payload_files=payload_count,
        payload_bytes=payload_bytes,
        bundle_bytes=size,
    )
