"""Verifying many bundles: one bundle that breaks the verifier is reported as invalid and every
other bundle is still checked; cancel stops re-validation promptly."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest

from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.errors import Cancelled
from hksh_packager.core.common.progress import CancelToken, Progress
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.submission.project import load_project
from hksh_packager.core.verify.report import Check, Verdict
from hksh_packager.core.workflows.verify import all_accepted, is_accepted, verify_many
from tests.conftest import EPOCH
from tests.helpers import read_members, resign, write_members

BAG = "HKSH2023-T042/"
SCHEMA = BAG + "data/schemas/hk.hko.latest-1min-temperature.json"


MARKER = b"EXPLODE"
PARKING = BAG + "data/datasets/shanghai_public_parking.csv"


def _bundle_whose_data_crashes_the_reader(
    sample_bundle: Path, folder: Path, secret: SecretKey, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A validly signed bundle whose dataset makes the CSV reader fail unexpectedly. Every known
    way to do that for real has been fixed, so the reader is made to fail on a marker in the
    data: what is tested is that the batch survives whatever a reader does."""
    from hksh_packager.core.datasets import tables

    real_open = tables.open_table

    def open_or_crash(path, **options):  # type: ignore[no-untyped-def]
        if MARKER in Path(path).read_bytes():
            raise RuntimeError("the reader fell over")
        return real_open(path, **options)

    monkeypatch.setattr(tables, "open_table", open_or_crash)
    members = read_members(sample_bundle)
    members[PARKING] += b"9,EXPLODE,x,y,1,121.4,31.2\n"
    report_name = BAG + "data/reports/validation.json"
    report = json.loads(members[report_name])
    for entry in report["datasets"]:
        if entry["file"] == PARKING.removeprefix(BAG):
            entry["sha256"] = hashlib.sha256(members[PARKING]).hexdigest()
    members[report_name] = json.dumps(report).encode()
    return write_members(folder / "evil.zip", resign(members, BAG, secret))


def test_a_bundle_that_breaks_the_verifier_is_invalid_and_the_others_are_reported(
    sample_bundle: Path,
    tmp_path: Path,
    secret: SecretKey,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = shutil.copy(sample_bundle, tmp_path / "a.zip")
    evil = _bundle_whose_data_crashes_the_reader(sample_bundle, tmp_path, secret, monkeypatch)
    last = shutil.copy(sample_bundle, tmp_path / "b.zip")
    # In this process (workers=0), where the patched reader is the one that runs.
    reports = verify_many([Path(first), evil, Path(last)], workers=0)
    verdicts = [(r.bundle.name, r.verdict) for r in reports]
    assert verdicts == [
        ("a.zip", Verdict.VALID_UNTRUSTED_KEY),
        ("evil.zip", Verdict.INVALID),
        ("b.zip", Verdict.VALID_UNTRUSTED_KEY),
    ]
    [problem] = reports[1].problems
    assert problem.check == Check.VERIFIER
    assert "failed unexpectedly" in problem.message and "hksh-packager.log" in problem.message
    log = (isolated_home / "logs" / "hksh-packager.log").read_text()
    assert "Traceback" in log and "the reader fell over" in log and "evil.zip" in log


def test_each_report_is_handed_over_as_soon_as_it_is_made(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    evil = _bundle_whose_data_crashes_the_reader(sample_bundle, tmp_path, secret, monkeypatch)
    seen: list[str] = []
    reports = verify_many(
        [sample_bundle, evil], workers=0, on_report=lambda report: seen.append(report.bundle.name)
    )
    assert seen == [sample_bundle.name, "evil.zip"]
    assert [r.verdict for r in reports] == [Verdict.VALID_UNTRUSTED_KEY, Verdict.INVALID]
    assert not all_accepted(reports, trust_given=False)
    assert is_accepted(reports[0], trust_given=False)
    assert not is_accepted(reports[0], trust_given=True)  # a list was given: the key is unknown


def _big_temperature_project(project_copy: Path, rows: int) -> Path:
    stations = ["Chek Lap Kok", "Cheung Chau", "Happy Valley", "Sha Tin", "Tai Po"]
    data = project_copy / "data" / "latest_1min_temperature.csv"
    lines = ["\ufeffDate time,Automatic Weather Station,Air Temperature(degree Celsius)"]
    lines += [f"2026112418{i % 60:02d},{stations[i % 5]} {i},{(i % 300) / 10}" for i in range(rows)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project_copy


@pytest.mark.slow
def test_cancel_during_revalidation_returns_within_half_a_second(
    project_copy: Path, tmp_path: Path, secret: SecretKey
) -> None:
    project = load_project(_big_temperature_project(project_copy, 1_000_000))
    bundle = pack_project(project, tmp_path / "big.zip", secret, epoch=EPOCH).path
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("hksh-verify-*"))
    token = CancelToken()
    revalidating = threading.Event()
    outcome: list[BaseException | object] = []

    def progress(report: Progress) -> None:
        if report.stage == "re-validating" and report.done > 0:
            revalidating.set()

    def run() -> None:
        try:
            outcome.append(verify_many([bundle], progress=progress, cancel=token))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert revalidating.wait(120), "re-validation never started"
    asked = time.monotonic()
    token.cancel()
    worker.join(5)
    waited = time.monotonic() - asked
    assert not worker.is_alive()
    assert isinstance(outcome[0], Cancelled)
    print(f"cancel returned after {waited:.3f} s")
    assert waited < 0.5, f"cancel took {waited:.2f} s"
    # The workers stop by themselves at their next check and remove their temporary folders.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and set(temp.glob("hksh-verify-*")) - before:
        time.sleep(0.1)
    assert set(temp.glob("hksh-verify-*")) - before == set()
