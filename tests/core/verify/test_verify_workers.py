"""Bundles verified in worker processes: a bundle that exhausts memory or kills its worker is
reported as invalid, the others are checked, and reports come back in order."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from hksh_packager.core.common.progress import Progress
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.verify import workers
from hksh_packager.core.verify.report import Check, Verdict, VerificationReport
from hksh_packager.core.verify.safezip import Limits
from hksh_packager.core.workflows.verify import verify_many
from tests.helpers import read_members, resign

BAG = "HKSH2023-T042/"
TEMPERATURE = "data/datasets/latest_1min_temperature.csv"


def _copies(sample_bundle: Path, folder: Path, names: list[str]) -> list[Path]:
    return [Path(shutil.copy(sample_bundle, folder / name)) for name in names]


def test_reports_come_back_in_order_with_progress_from_every_worker(
    sample_bundle: Path, tmp_path: Path
) -> None:
    paths = _copies(sample_bundle, tmp_path, [f"b{i}.zip" for i in range(4)])
    seen: list[str] = []
    steps: set[int] = set()

    def progress(report: Progress) -> None:
        assert report.steps == 4
        steps.add(report.step)

    reports = verify_many(
        paths, workers=2, progress=progress, on_report=lambda r: seen.append(r.bundle.name)
    )
    assert seen == [p.name for p in paths] == [r.bundle.name for r in reports]
    assert {r.verdict for r in reports} == {Verdict.VALID_UNTRUSTED_KEY}
    assert steps == {1, 2, 3, 4}


def test_a_worker_killed_while_it_reports_progress_does_not_stall_the_others(
    sample_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker the system kills may be holding the progress queue's lock, shared by every
    worker and kept for the bundles checked again: a worker waiting at its end to hand over its
    progress would wait for ever, and the whole verify with it."""
    import threading
    import time

    from hksh_packager.core.verify import verifier

    paths = _copies(sample_bundle, tmp_path, ["dies.zip", "a.zip"])
    real = verifier.verify_bundle

    def verify_or_die(path: Path, **options):  # type: ignore[no-untyped-def]
        if Path(path).name == "dies.zip":
            workers._worker_progress._wlock.acquire(False)  # as if killed writing progress
            os._exit(137)
        time.sleep(1.0)  # still in flight when the other worker dies: checked again, alone
        return real(path, **options)

    monkeypatch.setattr(verifier, "verify_bundle", verify_or_die)
    job = workers.Job(None, None, True, Limits())
    reports = []
    checking = threading.Thread(target=lambda: reports.extend(workers.verify_in_workers(
        paths, job, workers=2, context=multiprocessing.get_context("fork")
    )), daemon=True)  # fmt: skip
    checking.start()
    checking.join(120)
    assert not checking.is_alive(), "the verify never ended"
    assert [(r.bundle.name, r.verdict) for r in reports] == [
        ("dies.zip", Verdict.INVALID), ("a.zip", Verdict.VALID_UNTRUSTED_KEY)
    ]  # fmt: skip


def test_a_worker_that_dies_is_found_and_the_others_are_not_blamed(
    sample_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system ending a worker (as the out-of-memory killer does) is simulated by the worker
    exiting at once on one bundle; with the fork start method the patch reaches the workers."""
    from hksh_packager.core.verify import verifier

    paths = _copies(sample_bundle, tmp_path, ["a.zip", "dies.zip", "c.zip", "d.zip"])
    real = verifier.verify_bundle

    def verify_or_die(path: Path, **options):  # type: ignore[no-untyped-def]
        if Path(path).name == "dies.zip":
            os._exit(137)
        return real(path, **options)

    monkeypatch.setattr(verifier, "verify_bundle", verify_or_die)
    job = workers.Job(None, None, True, Limits())
    reports = workers.verify_in_workers(
        paths, job, workers=2, context=multiprocessing.get_context("fork")
    )
    assert [(r.bundle.name, r.verdict) for r in reports] == [
        ("a.zip", Verdict.VALID_UNTRUSTED_KEY),
        ("dies.zip", Verdict.INVALID),
        ("c.zip", Verdict.VALID_UNTRUSTED_KEY),
        ("d.zip", Verdict.VALID_UNTRUSTED_KEY),
    ]
    [problem] = reports[1].problems
    assert problem.check == Check.VERIFIER and "ended by the system" in problem.message


def _dies_holding_files(path: Path, **options):  # type: ignore[no-untyped-def]
    folder = Path(tempfile.mkdtemp(prefix="hksh-materials-"))  # as a bundle's extraction
    (folder / "proposal.pdf").write_bytes(b"%PDF-1.7\n")
    with Path(f"{path}.left").open("a") as said:
        said.write(f"{folder}\n")
    os._exit(137)  # as the system ends a worker


def test_what_a_worker_the_system_ends_had_extracted_is_removed(
    sample_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hksh_packager.core.verify import verifier

    [path] = _copies(sample_bundle, tmp_path, ["a.zip"])
    monkeypatch.setattr(verifier, "verify_bundle", _dies_holding_files)
    job = workers.Job(None, None, True, Limits())
    [report] = workers.verify_in_workers([path], job, context=multiprocessing.get_context("fork"))
    assert report.verdict == Verdict.INVALID
    left = Path(f"{path}.left").read_text().split()
    assert len(left) == 2  # once in the batch's pool, once alone
    assert not any(Path(folder).exists() for folder in left)


def _sigterm_said(path: Path, **options):  # type: ignore[no-untyped-def]
    handler = signal.getsignal(signal.SIGTERM)
    return VerificationReport(Path(path), Verdict.INVALID, (), notes=(str(handler),))


def test_a_worker_ends_on_sigterm_whatever_its_caller_does_with_it(
    sample_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool stops its workers with SIGTERM when one dies. The command line turns SIGTERM into
    Ctrl+C for itself (every `finally` runs), which its forked workers must not keep: raised in
    a worker in the middle of a progress report, it left the queue's lock held, and the batch
    waited for ever for a worker that could no longer end."""
    from hksh_packager.cli.console import exit_cleanly_on_sigterm
    from hksh_packager.core.verify import verifier

    paths = _copies(sample_bundle, tmp_path, ["a.zip", "b.zip"])
    monkeypatch.setattr(verifier, "verify_bundle", _sigterm_said)
    previous = signal.getsignal(signal.SIGTERM)
    exit_cleanly_on_sigterm()  # as `hksh-packager verify` does before its workers are forked
    try:
        job = workers.Job(None, None, True, Limits())
        reports = workers.verify_in_workers(
            paths, job, workers=2, context=multiprocessing.get_context("fork")
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert [r.notes for r in reports] == [(str(signal.SIG_DFL),)] * 2


def _bundle_needing_gigabytes(sample_bundle: Path, tmp_path: Path, secret: SecretKey) -> Path:
    """A validly signed bundle whose JSON dataset (stored, 60 MB) becomes millions of Python
    objects when read: far more memory than its size suggests."""
    rng = random.Random(0)
    data = "[" + ",".join(f'{{"v":{rng.randrange(10**6)}}}' for _ in range(6_000_000)) + "]"
    payload = data.encode()
    members = read_members(sample_bundle)
    members[BAG + "data/datasets/values.json"] = payload
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
    members[BAG + "data/schemas/values.schema.json"] = json.dumps(schema).encode()
    submission = json.loads(members[BAG + "data/submission.json"])
    submission["datasets"].append({"file": "data/values.json", "schema": "values.schema.json",
                                   "city": "Hong Kong", "usage": "values"})  # fmt: skip
    members[BAG + "data/submission.json"] = json.dumps(submission).encode()
    report = json.loads(members[BAG + "data/reports/validation.json"])
    result = dict(report["datasets"][0]["result"])
    result.update(valid=True, rows=6_000_000, invalid_rows=0, error_count=0, error_counts=[],
                  table_problems=[])  # fmt: skip
    report["datasets"].append({
        "file": "data/datasets/values.json", "schema": "data/schemas/values.schema.json",
        "catalogue_id": None, "options": {}, "sha256": hashlib.sha256(payload).hexdigest(),
        "result": result,
    })  # fmt: skip
    members[BAG + "data/reports/validation.json"] = json.dumps(report).encode()
    signed = resign(members, BAG, secret)
    out = tmp_path / "hungry.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in signed.items():
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), content)
    return out


@pytest.mark.slow
def test_a_bundle_built_to_exhaust_memory_is_stopped_by_the_limit(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    hungry = _bundle_needing_gigabytes(sample_bundle, tmp_path, secret)
    [good] = _copies(sample_bundle, tmp_path, ["good.zip"])
    # RLIMIT_AS counts what the worker reserves (1.4 GB before it reads anything), the watchdog
    # what it holds: each is given what the bundle's 6 million objects exceed.
    watchdog_only = os.environ.get("HKSH_MEMORY_LIMIT") == "watchdog"
    limits = Limits(max_memory_bytes=(1 << 30) if watchdog_only else (3 << 30))
    reports = verify_many([good, hungry], workers=2, limits=limits)
    assert reports[0].verdict == Verdict.VALID_UNTRUSTED_KEY
    assert reports[1].verdict == Verdict.INVALID
    [problem] = reports[1].problems
    assert problem.check == Check.VERIFIER
    mib = limits.max_memory_bytes >> 20
    assert f"more than the {mib} MiB of memory" in problem.message or "ended by the system" in (
        problem.message
    )


@pytest.mark.slow
def test_the_watchdog_alone_stops_a_bundle_built_to_exhaust_memory(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on Windows (no RLIMIT_AS) and macOS (not enforced): spawned workers, no address-space
    # limit, only the parent reading its workers' memory.
    monkeypatch.setenv("HKSH_MEMORY_LIMIT", "watchdog")
    hungry = _bundle_needing_gigabytes(sample_bundle, tmp_path, secret)
    [good] = _copies(sample_bundle, tmp_path, ["good.zip"])
    job = workers.Job(None, None, True, Limits(max_memory_bytes=1 << 30))
    reports = workers.verify_in_workers(
        [good, hungry], job, workers=2, context=multiprocessing.get_context("spawn")
    )
    assert reports[0].verdict == Verdict.VALID_UNTRUSTED_KEY
    assert reports[1].verdict == Verdict.INVALID
    [problem] = reports[1].problems
    assert problem.check == Check.VERIFIER
    assert "more than the 1024 MiB of memory" in problem.message


def test_a_batch_folder_left_by_a_killed_caller_is_removed_by_the_next_batch(
    tmp_path: Path,
) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # a caller killed while none of its workers ran: its batch folder stays
    temp = Path(tempfile.gettempdir())
    left = Path(tempfile.mkdtemp(prefix=f"{workers.BATCH_PREFIX}{ended.pid}-", dir=temp))
    (left / "proposal.pdf").write_bytes(b"%PDF-1.7\n")
    running = Path(tempfile.mkdtemp(prefix=f"{workers.BATCH_PREFIX}{os.getpid()}-", dir=temp))
    try:
        job = workers.Job(None, None, True, Limits())
        assert workers.verify_in_workers([], job, workers=1) == []
        assert not left.exists()
        assert running.exists()  # a batch of a caller still running is its own
    finally:
        shutil.rmtree(left, ignore_errors=True)
        shutil.rmtree(running, ignore_errors=True)
