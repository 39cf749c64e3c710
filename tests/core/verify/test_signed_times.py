"""A signed time is a date the reports can show: one past year 9999 or after tomorrow is a
problem of its bundle, and no report, intake or table fails on any value a bundle carries."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.trust import TrustStatus
from hksh_packager.core.verify.intake_html import intake_html
from hksh_packager.core.verify.intake_reports import intake_csv, intake_json
from hksh_packager.core.verify.report import (
    Check,
    Problem,
    Revalidation,
    Verdict,
    VerificationReport,
)
from hksh_packager.core.verify.verifier import report_json, verify_bundle
from hksh_packager.core.workflows.verify import judge, verify_many
from tests.helpers import read_members, resign, write_members

BAG = "HKSH2023-T042/"


def _signed_at(sample_bundle: Path, out: Path, secret: SecretKey, timestamp: int) -> Path:
    members = read_members(sample_bundle)
    return write_members(out, resign(members, BAG, secret, timestamp=timestamp))


def test_a_time_past_year_9999_is_a_problem_and_every_report_still_writes(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    far = _signed_at(sample_bundle, tmp_path / "far.zip", secret, 999_999_999_999)
    report = verify_bundle(far)
    assert report.verdict == Verdict.INVALID
    assert report.signed_at is None
    assert [p.check for p in report.problems] == [Check.SIGNATURE]
    assert "999999999999" in report.problems[0].message
    # In a batch without a trust list, beside a genuine bundle: every report writes.
    reports = verify_many([far, sample_bundle], workers=0)
    intake = judge(reports, None)
    assert [e.report.verdict for e in intake.entries] == [
        Verdict.INVALID, Verdict.VALID_UNTRUSTED_KEY
    ]  # fmt: skip
    for text in (
        intake_json(intake),
        intake_csv(intake),
        intake_html(intake),
        report_json(reports),
    ):
        assert "HKSH2023-T042" in text


def test_a_time_after_tomorrow_is_a_problem_and_today_is_not(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    later = _signed_at(sample_bundle, tmp_path / "later.zip", secret, int(time.time()) + 3 * 86_400)
    assert verify_bundle(later).verdict == Verdict.INVALID
    now = _signed_at(sample_bundle, tmp_path / "now.zip", secret, int(time.time()))
    report = verify_bundle(now)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY
    assert report.signed_at is not None and abs(report.signed_at - time.time()) < 60


TEXT = st.text(max_size=30)
REPORTS = st.builds(
    VerificationReport,
    bundle=st.builds(
        Path, st.text(st.characters(blacklist_characters="\x00/"), min_size=1, max_size=20)
    ),
    verdict=st.sampled_from(list(Verdict)),
    problems=st.lists(
        st.builds(Problem, check=st.sampled_from(list(Check)), member=TEXT, message=TEXT),
        max_size=3,
    ).map(tuple),
    bag_name=st.none() | TEXT,
    team_id=st.none() | TEXT,
    submission_id=st.none() | TEXT,
    key_id=st.none() | st.text("0123456789ABCDEF", min_size=16, max_size=16),
    team_name=st.none() | TEXT,
    title=st.none() | TEXT,
    stage=st.none() | TEXT,
    signed_at=st.none() | st.integers(min_value=-(10**15), max_value=10**15),
    bundle_bytes=st.integers(min_value=0, max_value=10**15),
    trust=st.sampled_from(list(TrustStatus)),
    registered_team=st.none() | TEXT,
    content_id=st.none() | TEXT,
    revalidation=st.sampled_from(list(Revalidation)),
    notes=st.lists(TEXT, max_size=2).map(tuple),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports=st.lists(REPORTS, min_size=1, max_size=4))
# Found by a hostile sender: a signed time in year 33658 failed the HTML and CSV reports.
@example(
    reports=[VerificationReport(Path("far.zip"), Verdict.INVALID, (), signed_at=999_999_999_999)]
)
def test_the_report_writers_take_any_report(reports: list[VerificationReport]) -> None:
    # Reports arrive from workers and from older runs: any value in any field is written, not
    # a reason to fail the intake.
    intake = judge(reports, None)
    assert intake_json(intake) and intake_csv(intake) and intake_html(intake)
    assert report_json(reports)
