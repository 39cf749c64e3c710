"""Check a bundle: archive safety, bag structure, manifests, completeness, Payload-Oxum, signature,
key trust and the submission description. Every problem found is reported, not only the first."""

from __future__ import annotations

import json
import logging
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.errors import ArchiveError
from hksh_packager.core.common.messages import Message
from hksh_packager.core.common.progress import CancelToken, ProgressCallback, no_progress
from hksh_packager.core.signing.trust import TrustList, TrustStatus
from hksh_packager.core.submission.profile import Profile
from hksh_packager.core.verify.bag_checks import (
    check_bag_info,
    check_bagit_txt,
    check_payload,
    check_tag_manifest,
    hash_payload,
    locate_bag,
    read_tag_files,
)
from hksh_packager.core.verify.dataset_checks import check_datasets
from hksh_packager.core.verify.material_checks import (
    materials_checked_meanwhile,
    prepare_material_reader,
)
from hksh_packager.core.verify.profile_checks import check_bundle_profile
from hksh_packager.core.verify.report import (
    Check,
    Problem,
    Revalidation,
    Verdict,
    VerificationReport,
)
from hksh_packager.core.verify.safezip import BUNDLE_PROBLEM, DEFAULT_LIMITS, Limits, SafeArchive
from hksh_packager.core.verify.signature_checks import check_signature, check_trust, signed_time
from hksh_packager.core.verify.state import VerifyState
from hksh_packager.core.verify.submission_checks import check_bundled_submission

log = logging.getLogger(__name__)


def verify_bundle(
    path: Path,
    *,
    trust: TrustList | None = None,
    limits: Limits = DEFAULT_LIMITS,
    workers: int | None = None,
    revalidate: bool = True,
    profile: Profile | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> VerificationReport:
    path = Path(path)
    cancel = cancel or CancelToken()
    log.debug("verifying %s", path)
    notes: list[Message | str] = []
    bundle_bytes = path.stat().st_size
    try:
        archive = SafeArchive.open(path, limits)
    except ArchiveError as exc:
        problem = Problem.of(Check.ARCHIVE, "", BUNDLE_PROBLEM(bundle=path.name, problem=exc.said))
        return VerificationReport(path, Verdict.INVALID, (problem,), bundle_bytes=bundle_bytes)
    if revalidate:  # the materials' reader starts while integrity is checked
        prepare_material_reader(limits)
    state = VerifyState(archive)
    submission = None
    revalidation = Revalidation.SKIPPED if not revalidate else Revalidation.NOT_REACHED
    locate_bag(state)
    if state.bag_name:
        read_tag_files(state, limits)
        hash_payload(state, workers, progress, cancel)
        check_bagit_txt(state)
        info = check_bag_info(state)
        check_tag_manifest(state)
        payload_files, payload_bytes = check_payload(state)
        check_signature(state, info)
        trust_status, registered = check_trust(state, info, trust)
        submission = check_bundled_submission(state, info)
        notes += check_bundle_profile(state, submission, info, bundle_bytes, profile)
        log.debug("%s: integrity and rules checked, %d problems", path, len(state.problems))
        # Strangers' files are opened once integrity holds; the materials are read in a process
        # of their own while the datasets are checked here.
        materials = (
            materials_checked_meanwhile(state, submission, info, profile, limits, cancel)
            if not state.problems and revalidate
            else nullcontext()
        )
        found: list[Problem] | None = None  # what checking the datasets found, once it ran
        with materials:
            if not state.problems:
                allow_invalid = bool(info and info.first("HKSH-Allow-Invalid") == "yes")
                before = len(state.problems)
                notes += check_datasets(
                    state, submission, allow_invalid, revalidate, progress, cancel, limits
                )
                found = state.problems[before:]
        if found is not None:
            if revalidate:
                failed = any(p.check == Check.DATASETS for p in found)
                revalidation = Revalidation.FAILED if failed else Revalidation.PASSED
            if not found and state.declared_errors:
                revalidation = Revalidation.DECLARED_INVALID
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
        notes=tuple(str(note) for note in [*state.notes, *notes]),
        team_name=_text(submission, "team", "name"),
        title=_text(submission, "title"),
        stage=_text(submission, "stage"),
        challenge=_text(submission, "challenge"),
        signed_at=_signed_at(state),
        bundle_bytes=bundle_bytes,
        content_id=state.digests.get(bag.MANIFEST),
        revalidation=revalidation,
        declared_errors=state.declared_errors,
        notes_said=(*state.notes, *notes),
    )


def _text(document: dict[str, Any] | None, *keys: str) -> str | None:
    """A string from the (schema-checked) submission, or None."""
    value: Any = document
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


def _signed_at(state: VerifyState) -> int | None:
    """The signed timestamp (seconds since 1970), when the signature verified and holds one."""
    return signed_time(state.signed_fields) if state.signature_ok else None


def report_json(reports: list[VerificationReport]) -> str:
    return json.dumps({"bundles": [r.to_json() for r in reports]}, ensure_ascii=False, indent=2)
