"""Verifying bundles from anyone, many at a time: each bundle is isolated, so whatever happens
inside one (an unexpected error in a reader, say) becomes an invalid report for that bundle, logged,
and the others are still checked. And the rule for which verdicts are accepted.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.fingerprint import sha256_file
from hksh_packager.core.common.messages import Message, define, define_plural
from hksh_packager.core.common.progress import (
    CancelToken,
    ProgressCallback,
    as_step,
    no_progress,
)
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.signing.trust import TrustList, load_trust_list
from hksh_packager.core.signing.trust_store import load_stored_trust
from hksh_packager.core.submission.profile import Profile, load_profile_file
from hksh_packager.core.verify.intake import (
    Arrival,
    Intake,
    ReceiptCheck,
    ReceiptResult,
    judge_intake,
)
from hksh_packager.core.verify.report import Verdict, VerificationReport
from hksh_packager.core.verify.safezip import DEFAULT_LIMITS, Limits
from hksh_packager.core.verify.workers import (
    Job,
    verify_in_workers,
    verify_isolated,
    worker_context,
)

log = logging.getLogger(__name__)

NO_BUNDLE = define("verify.no-bundle", "the folder {folder} holds no .zip bundle")
NOT_FOUND = define("verify.not-found", "{path} does not exist or is not a file")
NO_RECEIPTS_FOLDER = define(
    "verify.no-receipts-folder", "the receipts folder {folder} does not exist"
)
STRAY_RECEIPT = define(
    "verify.stray-receipt", "a receipt names {file}, which is not among the bundles"
)


def bundle_files(folder: Path) -> list[Path]:
    """Every *.zip (in any case) in `folder` and its subfolders, sorted, hidden ones left out:
    the bundles a folder holds, for a verify, a scan and a watch alike."""
    return sorted(
        p for p in Path(folder).rglob("*")
        if p.suffix.lower() == ".zip" and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )  # fmt: skip


def check_bundle_paths(paths: Sequence[Path]) -> list[Path]:
    """The bundles to verify: files as given, and every *.zip in a folder and its subfolders
    (sorted, hidden ones left out); InputError naming a path that is neither, or a folder that
    holds no bundle."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = bundle_files(path)
            if not inside:
                raise InputError(NO_BUNDLE(folder=str(path)), remedy=Remedy.FIX_FILE)
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(NOT_FOUND(path=str(path)), remedy=Remedy.FIX_FILE)
    seen: set[Path] = set()
    bundles = []
    for path in found:  # a bundle named twice (a file and its folder) is checked once
        if path.resolve() not in seen:
            seen.add(path.resolve())
            bundles.append(path)
    return bundles


def load_trust(path: Path | None, *, stored: bool = False) -> TrustList | None:
    """The trust list at `path`; without one, the list imported on this computer when `stored`."""
    if path:
        return load_trust_list(path)
    return load_stored_trust() if stored else None


RENAMED = define(
    "verify.receipt-renamed", "its receipt names it {written}: the same bundle (its SHA-256 "
    "matches), saved under another name"
)  # fmt: skip
RECEIPTS_TWICE = define_plural(
    "verify.receipts-twice", "{count} receipt describes this bundle: {files}",
    "{count} receipts describe this bundle: {files}",
)  # fmt: skip


def receipt_checker(
    folder: Path,
    bundles: Sequence[Path],
    digest_of: Callable[[Path], str] = sha256_file,
    stored: Callable[[Path], Path] = lambda path: path,
) -> tuple[ReceiptCheck, list[Message | str]]:
    """How each bundle compares with its receipt in `folder` (*.receipt.txt), and notes on
    receipts that describe no bundle given and on files that are not receipts.

    A receipt is found by the bundle's SHA-256 first: the team's own receipt says which bytes it
    sent, and a bundle saved again as `name (1).zip` is still that bundle. Only when no receipt
    has its digest is one found by the file name it gives, and then every difference counts. Two
    receipts for one bundle are a finding."""
    from hksh_packager.core.workflows.receipt import (  # packing's imports: not for every verify
        RECEIPT_SUFFIX,
        read_receipt,
        receipt_mismatches,
    )

    if not Path(folder).is_dir():
        raise InputError(NO_RECEIPTS_FOLDER(folder=str(folder)), remedy=Remedy.FIX_FILE)
    notes: list[Message | str] = []
    by_name: dict[str, list[tuple[Path, dict[str, str]]]] = defaultdict(list)
    by_digest: dict[str, list[tuple[Path, dict[str, str]]]] = defaultdict(list)
    for path in sorted(Path(folder).rglob(f"*{RECEIPT_SUFFIX}")):
        try:
            values = read_receipt(path)
        except InputError as exc:
            notes.append(str(exc) if exc.listed else exc.said)
            continue
        by_name[values["File"]].append((path, values))
        by_digest[values["SHA-256"].lower()].append((path, values))
    # Each bundle hashed once, here: the checks below and the comparison reuse it.
    digests = {str(Path(p)): digest_of(Path(p)) for p in bundles}
    names = {Path(p).name for p in bundles}
    for name in sorted(set(by_name) - names):
        described = {v["SHA-256"].lower() for _, v in by_name[name]}
        if not described & set(digests.values()):
            notes.append(STRAY_RECEIPT(file=escape_text(name[:200])))

    def check(report: VerificationReport) -> ReceiptResult | None:
        digest = digests.get(str(report.bundle)) or digest_of(report.bundle)
        found = by_digest.get(digest) or by_name.get(report.bundle.name)
        if not found:
            return None
        said: list[Message | str] = []
        if len(found) > 1:
            files = [escape_text(path.name[:200]) for path, _ in found]
            said.append(RECEIPTS_TWICE(count=len(found), files=files))
        _, values = found[0]
        if digest in by_digest and values["File"] != report.bundle.name:
            said.append(RENAMED(written=escape_text(values["File"][:200])))
        # The name is compared above (or found the receipt); the bytes are read where they are
        # kept (`stored`: an intake's own copy).
        path = stored(report.bundle)
        values = {**values, "File": path.name}
        mismatches = receipt_mismatches(values, path, report.key_id, digest=digest)
        return ReceiptResult(mismatches, said)

    return check, notes


def judge(
    reports: Sequence[VerificationReport],
    trust: TrustList | None,
    receipts: ReceiptCheck | None = None,
    notes: Sequence[Message | str] = (),
    arrivals: Sequence[Arrival] | None = None,
) -> Intake:
    """The intake judged as a whole, with this module's acceptance rule; `arrivals` from an
    intake's ledger (core.workflows.intake)."""
    source = None if trust is None else str(trust.source or "given list")
    return judge_intake(
        reports, lambda report: is_accepted(report, trust is not None),
        receipts=receipts, notes=notes, trust_source=source, arrivals=arrivals,
    )  # fmt: skip


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
