"""The organisers' daily routine over an intake folder: scan (or watch) where the bundles arrive,
report from the ledger, decide on a bundle. Every face runs these.

A scan records each bundle the first time it is seen and verifies only content it has no report
for in the current context (this verifier's version, the trust list, the catalogue and the
profiles); a rescan with nothing new reads no bundle again. Reports and decisions come from the
ledger, so they need no bundle to be at hand.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from hksh_packager import __version__
from hksh_packager.core.common.atomic import atomic_writer
from hksh_packager.core.common.errors import HkshError, InputError
from hksh_packager.core.common.fingerprint import sha256_file
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.common.paths import schemas_dir
from hksh_packager.core.common.progress import CancelToken, ProgressCallback, no_progress
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.submission.profile import Profile, load_profile
from hksh_packager.core.verify.intake import Arrival, Decision, DecisionKind, Intake
from hksh_packager.core.verify.ledger import Ledger
from hksh_packager.core.verify.report import VerificationReport
from hksh_packager.core.workflows import verify

log = logging.getLogger(__name__)

NEEDS_REASON = define("intake.decision-needs-reason", "a decision needs its reason: say why")
NEEDS_WHO = define("intake.decision-needs-who", "a decision needs who makes it: give a name")


@dataclass(frozen=True)
class IntakeSettings:
    """What a scan verifies with, kept in the ledger so that a report judges as the scan did."""

    trust: Path | None = None
    receipts: Path | None = None
    profile: Path | None = None


NO_SETTINGS = IntakeSettings()


def _digest_of_files(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def verifier_context(settings: IntakeSettings) -> str:
    """What a report depends on besides the bundle: when any of it changes, the bundles are
    verified again."""
    parts = [
        __version__,
        sha256_file(settings.trust) if settings.trust else "no trust list",
        _digest_of_files(list((schemas_dir() / "datasets").glob("*/*.json"))),
        _digest_of_files(list((schemas_dir() / "profiles").glob("*.json"))),
        sha256_file(settings.profile) if settings.profile else "shipped profile",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class ScanSummary:
    seen: int  # bundle files found in the sources
    new: int  # arrivals recorded by this scan
    verified: int  # contents verified by this scan
    skipped: tuple[str, ...] = ()  # files left out: gone since listed, unreadable, odd names


def scan(
    sources: Sequence[Path],
    folder: Path,
    settings: IntakeSettings = NO_SETTINGS,
    *,
    workers: int | None = None,
    single_threaded_caller: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    now: Callable[[], int] = lambda: int(time.time()),
    listed: Sequence[Path] | None = None,
) -> ScanSummary:
    """Record every bundle in `sources` not seen before, then verify what has no report in the
    current context, each report recorded as soon as it is made. `listed`: the folders whose
    whole listing this scan stands for (by default the sources that are folders)."""
    started = now()  # before listing: a file the listing misses arrived after this
    own = Path(folder).resolve()  # the intake's copies are never taken for arrivals
    # A link is not an upload: it could point anywhere on this computer (a device that never
    # ends, another team's folder).
    paths = [p.resolve() for p in verify.check_bundle_paths(sources)
             if not p.is_symlink() and not p.resolve().is_relative_to(own)]  # fmt: skip
    trust = verify.load_trust(settings.trust)
    profile = verify.load_profile_override(settings.profile)
    context = verifier_context(settings)
    skipped: list[str] = []
    with Ledger(folder) as ledger:
        ledger.set_settings(_settings_text(settings))
        new = 0
        for path in paths:
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                new += _record(ledger, folder, path, now, cancel)
            except (OSError, UnicodeError) as exc:  # gone since listed, unreadable, or a name
                # that is not text: the others are still recorded
                log.debug("intake %s: %r left out: %r", folder, path, exc)
                skipped.append(escape_text(os.fsdecode(path)))
        witnessed = [Path(s) for s in sources if Path(s).is_dir()] if listed is None else listed
        for source in witnessed:  # listed whole: what it did not hold was not there
            ledger.record_scan(Path(source).resolve(), started)
        todo = [a for a in ledger.unverified(context) if stored_copy(folder, a.sha256).is_file()]
        digest_of = {str(stored_copy(folder, a.sha256)): a.sha256 for a in todo}

        def record(report: VerificationReport) -> None:
            ledger.record_report(digest_of[str(report.bundle)], context, report, now())

        # The intake's own copies are verified: exactly the bytes that were hashed, whatever
        # happens to the file in the drive meanwhile.
        verify.verify_many(
            [stored_copy(folder, a.sha256) for a in todo], trust=trust, profile=profile,
            workers=workers, single_threaded_caller=single_threaded_caller, progress=progress,
            cancel=cancel, on_report=record,
        )  # fmt: skip
    log.debug("intake %s: %d bundles, %d new, %d verified", folder, len(paths), new, len(todo))
    return ScanSummary(len(paths), new, len(todo), tuple(skipped))


COPIES = "arrived"  # in the intake folder: each content that arrived, by its SHA-256


def stored_copy(folder: Path, sha256: str) -> Path:
    """The intake's own copy of a content that arrived."""
    return Path(folder) / COPIES / f"{sha256}.zip"


def _record(
    ledger: Ledger, folder: Path, path: Path, now: Callable[[], int], cancel: CancelToken | None
) -> bool:
    """Record `path` as it is now; True when that is a new arrival. A file not seen with this
    size and time is copied into the intake while it is hashed, so that what is verified, and
    kept, is exactly what was hashed (a file replaced between hashing and verifying would
    otherwise have another file's report recorded under its digest)."""
    str(path).encode("utf-8")  # a name that is not text cannot be recorded, nor shown
    state = path.stat()
    digest = ledger.known_digest(path, state.st_size, state.st_mtime_ns)
    if digest is None or not stored_copy(folder, digest).is_file():
        digest = _copy_hashing(path, folder, cancel)
    return ledger.record_file(path, state.st_size, state.st_mtime_ns, digest, now())


def _copy_hashing(path: Path, folder: Path, cancel: CancelToken | None) -> str:
    copies = Path(folder) / COPIES
    copies.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    # A name of this scan's own: a watch and a scan by hand may copy at the same time.
    arriving = copies / f"arriving-{os.getpid()}-{secrets.token_hex(6)}.zip"
    try:
        with path.open("rb") as reader, atomic_writer(arriving) as writer:
            while block := reader.read(1 << 20):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                digest.update(block)
                writer.write(block)
        os.replace(arriving, stored_copy(folder, digest.hexdigest()))  # same bytes if there
    finally:
        arriving.unlink(missing_ok=True)
    return digest.hexdigest()


def _settings_text(settings: IntakeSettings) -> dict[str, str]:
    return {name: str(value) if value else "" for name, value in vars(settings).items()}


def stored_settings(folder: Path) -> IntakeSettings:
    """The settings the last scan of this intake used."""
    with Ledger(folder) as ledger:
        stored = ledger.settings()
    return IntakeSettings(*(Path(stored[k]) if stored.get(k) else None
                            for k in ("trust", "receipts", "profile")))  # fmt: skip


def _deadline(report: VerificationReport, override: Profile | None) -> int | None:
    profile = override
    if profile is None and report.challenge:
        try:
            profile = load_profile(report.challenge)
        except HkshError:
            return None
    when = profile.deadline(report.stage) if profile is not None else None
    return int(when.timestamp()) if when is not None else None


def load_intake(folder: Path, settings: IntakeSettings | None = None) -> Intake:
    """The intake as the ledger knows it, judged: each arrival with its report, its arrival time
    and the organisers' decision. `settings` default to the last scan's."""
    settings = settings or stored_settings(folder)
    with Ledger(folder) as ledger:
        arrivals, reports, decisions = ledger.arrivals(), ledger.reports(), ledger.decisions()
        unseen = {a.id: ledger.unseen_at(a) for a in arrivals}
    override = verify.load_profile_override(settings.profile)
    shown: list[VerificationReport] = []
    when: list[Arrival] = []
    digest_of: dict[str, str] = {}
    for arrival in arrivals:
        report = reports.get(arrival.sha256)
        if report is None:
            continue  # seen, not yet verified: the next scan verifies it
        report = replace(report, bundle=arrival.path)
        shown.append(report)
        digest_of[str(arrival.path)] = arrival.sha256
        when.append(Arrival(arrival.first_seen, arrival.file_time, _deadline(report, override),
                            decisions.get(arrival.id), unseen[arrival.id]))  # fmt: skip
    trust = verify.load_trust(settings.trust)
    checker: verify.ReceiptCheck | None = None
    notes: list[Message | str] = []
    if settings.receipts:
        checker, notes = verify.receipt_checker(
            settings.receipts, [r.bundle for r in shown],
            digest_of=lambda path: digest_of[str(path)],
            stored=lambda path: stored_copy(folder, digest_of[str(path)]),
        )  # fmt: skip
    return verify.judge(shown, trust, checker, notes, arrivals=when)


def decide(
    folder: Path, bundle: str, kind: DecisionKind, reason: str, who: str, at: int | None = None
) -> Decision:
    """Record an organiser's decision on the bundle named (its path, file name or SHA-256)."""
    if not reason.strip() or not who.strip():
        raise InputError(NEEDS_REASON() if not reason.strip() else NEEDS_WHO())
    decision = Decision(kind, reason.strip()[:1000], who.strip()[:200],
                        int(time.time()) if at is None else at)  # fmt: skip
    with Ledger(folder) as ledger:
        ledger.decide(ledger.find(bundle), decision)
    return decision
