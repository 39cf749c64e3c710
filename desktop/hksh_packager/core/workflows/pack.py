"""Packing a project, in the order a user should meet problems: the quick plan first (the project
is readable, the challenge's rules hold, the team has a key, the output folder exists), then the
passphrase, then minutes of validation, then writing. Or all of it in one call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.core.bundle.pack import (
    PackResult,
    PackSettings,
    check_output_folder,
    check_rules,
    packing_epoch,
    write_bundle,
)
from hksh_packager.core.common.errors import InputError, InvalidData, Remedy
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken, ProgressCallback, no_progress
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.passphrase import PassphraseProvider
from hksh_packager.core.signing.team_keys import TeamKey
from hksh_packager.core.submission.profile import Profile, load_profile_file
from hksh_packager.core.submission.project import AND_MORE, Project, load_project
from hksh_packager.core.validation.report_format import DatasetValidation, ProjectValidation
from hksh_packager.core.workflows.keys import (
    find_key,
    needs_passphrase,
    no_passphrase,
    signing_team,
    unlock_key,
)

if TYPE_CHECKING:  # the receipt's module loads the verifier
    from hksh_packager.core.workflows.receipt import PackedBundle

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackPlan:
    """A project that can be packed: its rules hold and its team's key is on this computer."""

    project: Project
    profile: Profile
    key: TeamKey
    output: Path
    settings: PackSettings

    @property
    def needs_passphrase(self) -> bool:
        return needs_passphrase(self.key)


def plan_pack(
    project_dir: Path,
    output: Path,
    *,
    team: str | None = None,
    profile_file: Path | None = None,
    level: int = 6,
    epoch: int | None = None,
    workers: int | None = None,
) -> PackPlan:
    """Load the project, the profile and the key record and check every rule; quick (no data is
    read). Raises the first thing to fix: InputError, ProfileViolation (every rule break at
    once) or KeyStoreError."""
    check_output_folder(output)
    settings = PackSettings(packing_epoch(epoch), level, workers)
    try:
        project = load_project(project_dir)
    except InputError as exc:
        raise _not_ready(project_dir) or exc from None
    team_id = signing_team(project, team)
    profile = check_rules(project, load_profile_file(profile_file) if profile_file else None)
    key = find_key(team_id)
    return PackPlan(project, profile, key, Path(output), settings)


NOT_READY = define("pack.not-ready", "{project} cannot be packed yet; fix these:")


def _not_ready(project_dir: Path) -> InputError | None:
    """Every problem that stops a draft from being packed, as the app's readiness lists them:
    schema, files and the challenge's rules at once (datasets are validated by pack itself)."""
    from hksh_packager.core.workflows.readiness import Severity, check_readiness

    blockers = [
        b for b in check_readiness(project_dir, check_key=False).blockers
        if b.severity == Severity.ERROR and not b.code.startswith("dataset.")
    ]  # fmt: skip
    if not blockers:
        return None
    listed = [b.message for b in blockers[:30]]
    if len(blockers) > 30:
        listed.append(AND_MORE(count=len(blockers) - 30))
    return InputError(
        NOT_READY(project=str(Path(project_dir))), remedy=Remedy.FIX_SUBMISSION, listed=listed
    )


def validate_for_pack(
    plan: PackPlan,
    *,
    known: Sequence[DatasetValidation] = (),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ProjectValidation:
    """Validate every dataset of the plan's project (progress: "validating", dataset i of n).
    A result in `known` (the app's, from the Datasets step) is reused where it still holds."""
    from hksh_packager.core.validation.project import validate_project  # the data stack

    return validate_project(plan.project, known=known, progress=progress, cancel=cancel)


def write_planned(
    plan: PackPlan,
    secret: SecretKey,
    validation: ProjectValidation,
    *,
    allow_invalid: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> PackResult:
    """Write the bundle. Raises InvalidData for invalid datasets unless `allow_invalid`, and
    DatasetChanged when a dataset's bytes are not the validated ones."""
    return write_bundle(
        plan.project, plan.output, secret, validation, plan.profile, plan.settings,
        allow_invalid=allow_invalid, progress=progress, cancel=cancel,
    )  # fmt: skip


@dataclass(frozen=True)
class PackOutcome:
    result: PackResult
    validation: ProjectValidation


def pack_planned(
    plan: PackPlan,
    secret: SecretKey,
    *,
    known: Sequence[DatasetValidation] = (),
    allow_invalid: bool = False,
    on_validated: Callable[[ProjectValidation], None] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> PackedBundle:
    """What follows the quick plan and the passphrase, the one sequence both faces run: validate
    (reusing a result in `known` where it still holds; `on_validated` sees them), refuse invalid
    data unless allowed, write the bundle, then check it with the organisers' own verifier and
    write its receipt. A bundle the verifier refuses is removed and gets no receipt."""
    from hksh_packager.core.workflows.receipt import check_packed

    validation = validate_for_pack(plan, known=known, progress=progress, cancel=cancel)
    if on_validated is not None:
        on_validated(validation)
    if not validation.valid and not allow_invalid:
        raise InvalidData(validation)
    result = write_planned(
        plan, secret, validation, allow_invalid=allow_invalid, progress=progress, cancel=cancel
    )
    log.debug("packed %s: %d bytes", result.path, result.bundle_bytes)
    return check_packed(plan.project, result, plan.settings.epoch, cancel, plan.profile)


def pack(
    project_dir: Path,
    output: Path,
    passphrase: PassphraseProvider = no_passphrase,
    *,
    team: str | None = None,
    profile_file: Path | None = None,
    allow_invalid: bool = False,
    level: int = 6,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> PackOutcome:
    """Plan, unlock the key (asking `passphrase` now, before the long work), validate, write."""
    plan = plan_pack(project_dir, output, team=team, profile_file=profile_file, level=level)
    secret = unlock_key(plan.key, passphrase)
    validation = validate_for_pack(plan, progress=progress, cancel=cancel)
    if not validation.valid and not allow_invalid:
        raise InvalidData(validation)
    result = write_planned(
        plan, secret, validation, allow_invalid=allow_invalid, progress=progress, cancel=cancel
    )
    log.debug("packed %s: %d bytes", result.path, result.bundle_bytes)
    return PackOutcome(result, validation)
