"""Verifying bundles from anyone, many at a time: each bundle is isolated, so whatever happens
inside one (an unexpected error in a reader, say) becomes an invalid report for that bundle, logged,
and the others are still checked. And the rule for which verdicts are accepted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.progress import (
    CancelToken,
    ProgressCallback,
    as_step,
    no_progress,
)
from hksh_packager.core.signing.trust import TrustList, load_trust_list
from hksh_packager.core.submission.profile import Profile, load_profile_file
from hksh_packager.core.verify.report import Verdict, VerificationReport
from hksh_packager.core.verify.safezip import DEFAULT_LIMITS, Limits
from hksh_packager.core.verify.workers import (
    Job,
    verify_in_workers,
    verify_isolated,
    worker_context,
)

log = logging.getLogger(__name__)


def check_bundle_paths(paths: Sequence[Path]) -> list[Path]:
    """The bundles to verify; InputError naming the first path that is not a file."""
    for path in paths:
        if not Path(path).is_file():
            raise InputError(f"{path} does not exist or is not a file", remedy=Remedy.FIX_FILE)
    return [Path(path) for path in paths]


def load_trust(path: Path | None) -> TrustList | None:
    return load_trust_list(path) if path else None


def load_profile_override(path: Path | None) -> Profile | None:
    return load_profile_file(path) if path else None


def is_accepted(report: VerificationReport, trust_given: bool) -> bool:
    """Without a trust list every key is unknown, so a good signature by an unknown key is
    accepted; with one, only a registered key is."""
    if trust_given:
        return report.verdict == Verdict.VALID
    return report.verdict in (Verdict.VALID, Verdict.VALID_UNTRUSTED_KEY)


def all_accepted(reports: Sequence[VerificationReport], trust_given: bool) -> bool:
    return all(is_accepted(report, trust_given) for report in reports)


def verify_many(
    paths: Sequence[Path],
    *,
    trust: TrustList | None = None,
    profile: Profile | None = None,
    revalidate: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    workers: int | None = None,
    single_threaded_caller: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_report: Callable[[VerificationReport], None] | None = None,
) -> list[VerificationReport]:
    """Verify each bundle (progress: bundle i of n); `on_report` sees each report, in order.
    Only Cancelled stops the batch.

    Bundles are checked in worker processes under a memory limit, on every core (`workers`: how
    many; 0 checks them one after another in this process, without a memory limit). A caller
    that runs no other thread (the command line) may say so, and workers are then forked, which
    starts them in milliseconds instead of a fresh interpreter's second."""
    job = Job(trust, profile, revalidate, limits)
    if workers != 0:
        context = worker_context(single_threaded_caller)
        return verify_in_workers(
            paths, job, workers=workers, progress=progress, cancel=cancel, on_report=on_report,
            context=context,
        )  # fmt: skip
    cancel = cancel or CancelToken()
    reports = []
    for step, path in enumerate(paths, start=1):
        cancel.raise_if_cancelled()
        report = verify_isolated(Path(path), job, as_step(progress, step, len(paths)), cancel)
        log.debug("%s: %s", path, report.verdict)
        reports.append(report)
        if on_report is not None:
            on_report(report)
    return reports
