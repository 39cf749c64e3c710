"""The intake ledger over "days": bundles packed and signed for real, their arrival set by the
scan's clock and the files' own times. Lateness and which bundle counts follow arrival, not the
team's clock; decisions are kept and shown; a rescan reads nothing again; a crash loses nothing
recorded."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import psutil
import pytest

from hksh_packager.core.verify.intake import DecisionKind, Standing
from hksh_packager.core.verify.ledger import Ledger
from hksh_packager.core.workflows.intake import IntakeSettings, decide, load_intake, scan
from hksh_packager.core.workflows.verify import verify_many
from tests.intake import KEYS, _pack, write_trust_list

# hksh-2023's final stage closes 2023-08-13 23:59:59 UTC+8.
DAY = 86_400


def at(text: str) -> int:
    return int(datetime.fromisoformat(text + "+08:00").timestamp())


def arrive(path: Path, when: int) -> Path:
    os.utime(path, (when, when))
    return path


@pytest.fixture
def drive(tmp_path: Path) -> Path:
    folder = tmp_path / "drive"
    folder.mkdir()
    return folder


def _bundle(drive: Path, work: Path, name: str, team: str, signed: int, title: str = "Map"):  # type: ignore[no-untyped-def]
    return _pack(work, drive / name, team, title, KEYS[team], signed)


def _entries(folder: Path, settings: IntakeSettings | None = None):  # type: ignore[no-untyped-def]
    return {e.report.bundle.name: e for e in load_intake(folder, settings).entries}


def test_lateness_and_the_bundle_that_counts_follow_arrival_not_the_signers_clock(
    drive: Path, tmp_path: Path
) -> None:
    work, intake = tmp_path / "work", tmp_path / "intake"
    # T001 sends on time, then again after the deadline with its clock set back.
    on_time = _bundle(drive, work, "t001-a.zip", "T001", at("2023-08-12T10:00:00"))
    arrive(on_time, at("2023-08-12T10:05:00"))
    scan([drive], intake, workers=0, now=lambda: at("2023-08-12T10:06:00"))
    backdated = _bundle(drive, work, "t001-b.zip", "T001", at("2023-08-13T09:00:00"), "Map, v2")
    arrive(backdated, at("2023-08-15T09:00:00"))
    # T002's clock runs nine days ahead; it sends again, later, with a right clock.
    future = _bundle(drive, work, "t002-a.zip", "T002", at("2023-08-20T00:00:00"))
    arrive(future, at("2023-08-11T12:00:00"))
    # T003 signs in 2099: no such signature is a time the verifier accepts.
    arrive(_bundle(drive, work, "t003.zip", "T003", at("2099-01-01T00:00:00")),
           at("2023-08-12T08:00:00"))  # fmt: skip
    honest = _bundle(drive, work, "t002-b.zip", "T002", at("2023-08-12T12:00:00"), "Map, v2")
    arrive(honest, at("2023-08-12T12:01:00"))
    summary = scan([drive], intake, workers=0, now=lambda: at("2023-08-15T09:30:00"))
    assert (summary.seen, summary.new, summary.verified) == (5, 4, 4)

    entries = _entries(intake)
    late = entries["t001-b.zip"]
    assert not late.accepted and late.standing == Standing.REJECTED
    assert any("arrived 2023-08-15 09:00 UTC+8, after the final deadline" in f
               for f in late.findings)  # fmt: skip
    assert entries["t001-a.zip"].standing == Standing.COUNTS
    # Arrived last, though signed earlier than the other by the team's clocks.
    assert entries["t002-b.zip"].standing == Standing.COUNTS
    assert entries["t002-a.zip"].standing == Standing.SUPERSEDED
    assert any("signed 2023-08-20 00:00 UTC+8 by the team's clock, after it arrived" in f
               for f in entries["t002-a.zip"].findings)  # fmt: skip
    t003 = entries["t003.zip"]
    assert not t003.accepted and "not a time between 1970 and tomorrow" in str(
        t003.report.problems[0]
    )
    # The arrival is the earlier of the scan's first sight and the file's own time.
    assert entries["t001-a.zip"].arrival.arrived_at == at("2023-08-12T10:05:00")

    # The organisers accept the late bundle: it is accepted, counts, and says who decided.
    decide(intake, "t001-b.zip", DecisionKind.ACCEPT_LATE, "the drive link failed", "Ada",
           at=at("2023-08-16T10:00:00"))  # fmt: skip
    entries = _entries(intake)
    assert entries["t001-b.zip"].accepted and entries["t001-b.zip"].standing == Standing.COUNTS
    assert any("accepted late by Ada on 2023-08-16 10:00 UTC+8: the drive link failed" in f
               for f in entries["t001-b.zip"].findings)  # fmt: skip
    assert entries["t001-a.zip"].standing == Standing.SUPERSEDED
    decide(intake, "t002-b.zip", DecisionKind.REJECT, "plagiarised", "Ada")
    entries = _entries(intake)
    assert not entries["t002-b.zip"].accepted
    assert entries["t002-a.zip"].standing == Standing.COUNTS


def test_a_rescan_reads_nothing_again_and_a_changed_context_verifies_again(
    drive: Path, tmp_path: Path
) -> None:
    work, intake = tmp_path / "work", tmp_path / "intake"
    for team in ("T001", "T002"):
        arrive(_bundle(drive, work, f"{team}.zip", team, at("2023-08-12T10:00:00")),
               at("2023-08-12T10:00:00"))  # fmt: skip
    assert scan([drive], intake, workers=0).verified == 2
    assert scan([drive], intake, workers=0).verified == 0
    arrive(_bundle(drive, work, "T003.zip", "T003", at("2023-08-12T11:00:00")),
           at("2023-08-12T11:00:00"))  # fmt: skip
    again = scan([drive], intake, workers=0)
    assert (again.new, again.verified) == (1, 1)
    # A trust list now: every bundle is verified again, under it.
    trust = write_trust_list(tmp_path / "registered.json")
    assert scan([drive], intake, IntakeSettings(trust=trust), workers=0).verified == 3
    entries = _entries(intake)
    assert {str(e.report.trust) for e in entries.values()} == {"trusted"}
    # The same path with other bytes is a new arrival; the first stays recorded.
    replaced = _bundle(drive, work, "T001.zip", "T001", at("2023-08-13T10:00:00"), "Map, v2")
    arrive(replaced, at("2023-08-13T10:00:00"))
    assert scan([drive], intake, IntakeSettings(trust=trust), workers=0).new == 1
    with Ledger(intake) as ledger:
        assert len(ledger.arrivals()) == 4


def _processes_of(folder: str, known: list[psutil.Process] = ()) -> list[psutil.Process]:  # type: ignore[assignment]
    """The live processes of a scan of `folder`: the scan and its forked workers (the same
    command line), what they started, and those `known` from before (spawned workers have a
    command line of their own)."""
    found = [
        p for p in psutil.process_iter(["cmdline"]) if folder in " ".join(p.info["cmdline"] or [])
    ]
    every = {p.pid: p for p in [*found, *known, *(c for p in found for c in _children(p))]}
    return [p for p in every.values() if _alive(p)]


def _alive(process: psutil.Process) -> bool:
    try:  # is_running also checks the create time: a reused pid is not this process
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _children(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.Error:
        return []


def test_a_crash_during_a_scan_loses_no_recorded_bundle_and_the_next_scan_completes(
    drive: Path, tmp_path: Path
) -> None:
    work, intake = tmp_path / "work", tmp_path / "intake"
    teams = ("T001", "T002", "T003", "T004", "T005", "T006", "T007")
    for n, team in enumerate(teams):
        bundle = _bundle(drive, work, f"{team}.zip", team, at("2023-08-12T10:00:00") + n)
        # Copies with bytes added after the archive (so other content, each verified on its
        # own), enough that a scan is still at work when it is killed.
        for copy in range(5):
            (drive / f"{team}-{copy}.zip").write_bytes(bundle.read_bytes() + b"\0" * (copy + 1))
    bundles = len(list(drive.glob("*.zip")))
    command = [sys.executable, "-m", "hksh_packager", "intake", "scan", str(drive), "--intake",
               str(intake)]  # fmt: skip
    temp = Path(tempfile.gettempdir())
    extracted = set(temp.glob("hksh-verify-*"))
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ledger_file = intake / "intake.sqlite3"
    deadline = time.monotonic() + 120
    reported = 0
    while time.monotonic() < deadline and process.poll() is None:
        if ledger_file.exists():
            with Ledger(intake) as ledger:
                reported = len(ledger.reports())
            if reported >= 1:
                break
        time.sleep(0.02)
    assert process.poll() is None, "the scan ended before it could be killed"
    started = _processes_of(str(drive))
    assert len(started) > 1  # the scan and its workers
    process.kill()  # SIGKILL; TerminateProcess on Windows: no handler runs
    process.wait()
    # Its workers, and what they started, see their parent gone and end too.
    deadline = time.monotonic() + 10
    while _processes_of(str(drive), started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_of(str(drive), started) == []
    # What they extracted goes with them; only a batch no worker had started yet may be left,
    # and the next batch with workers removes it.
    verify_many([], workers=1)
    assert set(temp.glob("hksh-verify-*")) <= extracted
    with Ledger(intake) as ledger:
        recorded = {a.path.name for a in ledger.arrivals()}
        kept = len(ledger.reports())
    assert reported <= kept < bundles  # killed midway, and nothing recorded was lost
    summary = scan([drive], intake, workers=0)
    assert summary.verified == bundles - kept
    assert recorded <= set(_entries(intake))
    assert len(_entries(intake)) == bundles


def test_a_file_time_set_back_cannot_move_an_arrival_before_a_scan_that_did_not_see_it(
    drive: Path, tmp_path: Path
) -> None:
    """The organisers scan at the deadline; a bundle uploaded after it, its file's time set back
    to the day before (sync clients keep the sender's file time), arrived after that scan."""
    work, intake = tmp_path / "work", tmp_path / "intake"
    arrive(_bundle(drive, work, "t001.zip", "T001", at("2023-08-12T10:00:00")),
           at("2023-08-12T10:00:00"))  # fmt: skip
    scan([drive], intake, workers=0, now=lambda: at("2023-08-14T00:00:00"))  # at the deadline
    forged = _bundle(drive, work, "t002.zip", "T002", at("2023-08-13T09:00:00"))
    arrive(forged, at("2023-08-12T09:00:00"))  # the file says: a day early
    scan([drive], intake, workers=0, now=lambda: at("2023-08-14T08:00:00"))
    entries = _entries(intake)
    late = entries["t002.zip"]
    assert late.arrival.arrived_at == at("2023-08-14T00:00:00") and not late.accepted
    said = "the file's time says 2023-08-12 09:00 UTC+8, but it was not there, or not complete,"
    assert any(said in f and "looked at 2023-08-14 00:00 UTC+8" in f for f in late.findings)
    # The bundle the first scan saw keeps its own file time: nothing earlier refutes it.
    assert entries["t001.zip"].arrival.arrived_at == at("2023-08-12T10:00:00")
    assert entries["t001.zip"].accepted


def test_what_is_verified_is_exactly_what_was_hashed_whatever_the_drive_does_meanwhile(
    drive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A placeholder seen before the deadline, swapped for another bundle while the scan runs:
    the report recorded under the placeholder's digest is the placeholder's (the intake verifies
    its own copy), and the swapped-in bundle is a new arrival of its own."""
    from hksh_packager.core.workflows import verify as verify_workflow

    work, intake = tmp_path / "work", tmp_path / "intake"
    placeholder = drive / "t001.zip"
    placeholder.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip
    arrive(placeholder, at("2023-08-13T23:50:00"))
    later = _bundle(drive.parent, work, "late.zip", "T001", at("2023-08-14T03:00:00"))
    real = verify_workflow.verify_many

    def swapping(*args, **kwargs):  # type: ignore[no-untyped-def]
        placeholder.write_bytes(later.read_bytes())  # the team swaps the file mid-scan
        return real(*args, **kwargs)

    monkeypatch.setattr(verify_workflow, "verify_many", swapping)
    scan([drive], intake, workers=0, now=lambda: at("2023-08-13T23:55:00"))
    monkeypatch.setattr(verify_workflow, "verify_many", real)
    [entry] = _entries(intake).values()
    assert str(entry.report.verdict) == "invalid" and entry.report.title is None
    scan([drive], intake, workers=0, now=lambda: at("2023-08-14T04:00:00"))
    entries = load_intake(intake).entries
    assert len(entries) == 2
    late = next(e for e in entries if e.report.title)
    assert late.arrival.arrived_at >= at("2023-08-13T23:55:00") and not late.accepted


def test_a_file_name_that_is_not_text_is_left_out_and_the_rest_recorded(
    drive: Path, tmp_path: Path
) -> None:
    if sys.platform != "linux":
        pytest.skip("only Linux file systems take names that are not text")
    work, intake = tmp_path / "work", tmp_path / "intake"
    _bundle(drive, work, "t001.zip", "T001", at("2023-08-12T10:00:00"))
    odd = os.fsdecode(bytes(drive) + b"/\xff\xfe.zip")
    Path(odd).write_bytes(b"PK\x05\x06" + b"\0" * 18)
    summary = scan([drive], intake, workers=0)
    assert summary.new == 1 and len(summary.skipped) == 1
    assert "\\" in summary.skipped[0]  # shown escaped, never raw


def test_a_link_in_the_drive_is_not_an_arrival(drive: Path, tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("symbolic links need a privilege on Windows")
    work, intake = tmp_path / "work", tmp_path / "intake"
    elsewhere = _bundle(tmp_path, work, "elsewhere.zip", "T001", at("2023-08-12T10:00:00"))
    (drive / "link.zip").symlink_to(elsewhere)
    _bundle(drive, work, "t002.zip", "T002", at("2023-08-12T10:00:00"))
    summary = scan([drive], intake, workers=0)
    assert (summary.seen, summary.new) == (1, 1)
    assert set(_entries(intake)) == {"t002.zip"}
