"""A bundle opened for judges to read: its submission.json checked, and its datasets (with their
custom schemas) extracted into a folder laid out as the team's project was, so they can be
previewed and validated again with the same code the contestant's Datasets step uses, in a worker
process within the verifier's budgets (`revalidate_reviewed`).

The bundle is a stranger's file: it is read through the safe archive view and its limits, only
the members submission.json names are written, each to a path checked to stay inside the folder,
and the datasets within the re-validation byte budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.common.bounded import Budget
from hksh_packager.core.common.bundle_layout import bundle_member
from hksh_packager.core.common.errors import ArchiveError, InputError, Remedy
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.common.progress import CancelToken, ProgressCallback, no_progress
from hksh_packager.core.validation.project import validate_entry_isolated
from hksh_packager.core.validation.report_format import DatasetValidation
from hksh_packager.core.verify.bag_checks import locate_bag
from hksh_packager.core.verify.report import said_each
from hksh_packager.core.verify.safezip import BUNDLE_PROBLEM, DEFAULT_LIMITS, Limits, SafeArchive
from hksh_packager.core.verify.state import VerifyState
from hksh_packager.core.verify.submission_checks import check_bundled_submission

NO_SUBMISSION = define("review.no-submission", "no submission.json")
NOT_IN_BUNDLE = define("review.not-in-bundle", "{file}: {member} is not in the bundle")
NOT_EXTRACTED = define(
    "review.not-extracted", "{file}: not extracted ({size:,} bytes; at most {limit:,} are "
    "extracted for review per bundle)"
)  # fmt: skip
OUTSIDE = define("review.outside", "{file}: its name leads outside the review folder")


@dataclass(frozen=True)
class BundleReview:
    bundle: Path
    root: Path  # the folder the files were extracted to, laid out as a project
    submission: dict[str, Any] | None  # None when it cannot be shown; `problems` say why
    datasets: tuple[dict[str, Any], ...]  # submission.json's entries whose files were extracted
    problems: tuple[str, ...] = ()  # in English
    problems_said: tuple[Message | str, ...] = field(default=(), compare=False)  # by code

    def said_problems(self) -> tuple[Message | str, ...]:
        """The problems by code where they were given so, else as the English `problems`."""
        return said_each(self.problems, self.problems_said)


def _review(
    bundle: Path,
    root: Path,
    submission: dict[str, Any] | None,
    datasets: list[dict[str, Any]],
    problems: Sequence[Message | str],
) -> BundleReview:
    english = tuple(str(problem) for problem in problems)
    return BundleReview(bundle, root, submission, tuple(datasets), english, tuple(problems))


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
        said = BUNDLE_PROBLEM(bundle=Path(bundle).name, problem=exc.said)
        raise InputError(said, remedy=Remedy.FIX_FILE) from None
    state = VerifyState(archive)
    locate_bag(state)
    submission = check_bundled_submission(state, None) if state.bag_name else None
    if submission is None:
        reasons = [problem.line() for problem in state.problems] or [NO_SUBMISSION()]
        return _review(Path(bundle), root, None, [], reasons)
    budget = limits.max_revalidate_bytes
    problems: list[Message | str] = []
    datasets: list[dict[str, Any]] = []
    for entry in submission["datasets"]:
        wanted = [("datasets", entry["file"])]
        if "schema" in entry:
            wanted.append(("schemas", entry["schema"]))
        members = [(bundle_member(section, name), name) for section, name in wanted]
        missing = [member for member, _ in members if member not in state.members]
        if missing:
            problems.append(NOT_IN_BUNDLE(file=entry["file"], member=missing[0]))
            continue
        size = sum(state.members[member].size for member, _ in members)
        targets = [_inside(root, name) for _, name in members]
        if size > budget or None in targets:
            problems.append(
                NOT_EXTRACTED(file=entry["file"], size=size, limit=budget)
                if size > budget
                else OUTSIDE(file=entry["file"])
            )
            continue
        budget -= size
        for (member, _), target in zip(members, targets, strict=True):
            state.extract(member, target, cancel)  # type: ignore[arg-type]
        datasets.append(entry)
    return _review(Path(bundle), root, submission, datasets, problems)


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
