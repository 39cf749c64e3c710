"""A bundle opened for judges to read: its submission.json checked, and its datasets (with their
custom schemas) extracted into a folder laid out as the team's project was, so they can be
previewed and validated again with the same code the contestant's Datasets step uses, in a worker
process within the verifier's budgets (`revalidate_reviewed`).

The bundle is a stranger's file: it is read through the safe archive view and its limits, only
the members submission.json names are written, each to a path checked to stay inside the folder,
and the datasets within the re-validation byte budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.common.bounded import Budget
from hksh_packager.core.common.bundle_layout import bundle_member
from hksh_packager.core.common.errors import ArchiveError, InputError, Remedy
from hksh_packager.core.common.progress import CancelToken, ProgressCallback, no_progress
from hksh_packager.core.validation.project import validate_entry_isolated
from hksh_packager.core.validation.report_format import DatasetValidation
from hksh_packager.core.verify.bag_checks import locate_bag
from hksh_packager.core.verify.safezip import DEFAULT_LIMITS, Limits, SafeArchive
from hksh_packager.core.verify.state import VerifyState
from hksh_packager.core.verify.submission_checks import check_bundled_submission


@dataclass(frozen=True)
class BundleReview:
    bundle: Path
    root: Path  # the folder the files were extracted to, laid out as a project
    submission: dict[str, Any] | None  # None when it cannot be shown; `problems` say why
    datasets: tuple[dict[str, Any], ...]  # submission.json's entries whose files were extracted
    problems: tuple[str, ...] = ()


def _inside(root: Path, relative: str) -> Path | None:
    """Where a file submission.json names goes under `root`; None if it would leave it (the
    submission schema already refuses such names: this holds even if that check is wrong)."""
    target = (root / PurePosixPath(relative)).resolve()
    return target if target.is_relative_to(root.resolve()) else None


def review_bundle(
    bundle: Path, root: Path, *, limits: Limits = DEFAULT_LIMITS, cancel: CancelToken | None = None
) -> BundleReview:
    """Open `bundle` for reading into the empty folder `root`. InputError when the file is not a
    bundle that can be opened at all."""
    cancel = cancel or CancelToken()
    try:
        archive = SafeArchive.open(Path(bundle), limits)
    except ArchiveError as exc:
        raise InputError(f"{Path(bundle).name} {exc}", remedy=Remedy.FIX_FILE) from None
    state = VerifyState(archive)
    locate_bag(state)
    submission = check_bundled_submission(state, None) if state.bag_name else None
    if submission is None:
        reasons = tuple(str(problem) for problem in state.problems) or ("no submission.json",)
        return BundleReview(Path(bundle), root, None, (), reasons)
    budget = limits.max_revalidate_bytes
    problems: list[str] = []
    datasets: list[dict[str, Any]] = []
    for entry in submission["datasets"]:
        wanted = [("datasets", entry["file"])]
        if "schema" in entry:
            wanted.append(("schemas", entry["schema"]))
        members = [(bundle_member(section, name), name) for section, name in wanted]
        missing = [member for member, _ in members if member not in state.members]
        if missing:
            problems.append(f"{entry['file']}: {missing[0]} is not in the bundle")
            continue
        size = sum(state.members[member].size for member, _ in members)
        targets = [_inside(root, name) for _, name in members]
        if size > budget or None in targets:
            problems.append(
                f"{entry['file']}: not extracted ({size:,} bytes; at most {budget:,} are "
                "extracted for review per bundle)"
                if size > budget
                else f"{entry['file']}: its name leads outside the review folder"
            )
            continue
        budget -= size
        for (member, _), target in zip(members, targets, strict=True):
            state.extract(member, target, cancel)  # type: ignore[arg-type]
        datasets.append(entry)
    return BundleReview(Path(bundle), root, submission, tuple(datasets), tuple(problems))


def revalidate_reviewed(
    root: Path,
    dataset: dict[str, Any],
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> DatasetValidation:
    """A dataset of a reviewed bundle validated again in a worker process, within the budgets
    the verifier gives a bundle's datasets (`limits.max_revalidate_seconds`,
    `limits.max_memory_bytes`)."""
    budget = Budget(limits.max_revalidate_seconds, limits.max_memory_bytes)
    return validate_entry_isolated(root, dataset, budget=budget, progress=progress, cancel=cancel)
