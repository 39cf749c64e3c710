"""The intake's rules, each on its own, over reports written out by hand: which bundle of a team
counts, which are duplicates or superseded, and each finding judges are given."""

from __future__ import annotations

from pathlib import Path

from hksh_packager.core.signing.trust import TrustStatus
from hksh_packager.core.verify.intake import Standing
from hksh_packager.core.verify.report import Verdict, VerificationReport
from hksh_packager.core.workflows.verify import is_accepted, judge


def report(
    name: str,
    team: str = "T001",
    *,
    signed: int | None = 1_700_000_000,
    content: str = "c1",
    key: str = "AAAAAAAAAAAAAAAA",
    verdict: Verdict = Verdict.VALID_UNTRUSTED_KEY,
    registered: str | None = None,
) -> VerificationReport:
    return VerificationReport(
        Path(name), verdict, (), team_id=team, key_id=key, signed_at=signed, content_id=content,
        trust=TrustStatus.NO_LIST, registered_team=registered,
    )  # fmt: skip


def _by_name(reports: list[VerificationReport]):  # type: ignore[no-untyped-def]
    return {e.report.bundle.name: e for e in judge(reports, None).entries}


def test_the_latest_signed_bundle_counts_whatever_its_name() -> None:
    # "b.zip" sorts after "a.zip" by name, but was signed first.
    entries = _by_name([report("a.zip", signed=200, content="new"),
                        report("b.zip", signed=100, content="old")])  # fmt: skip
    assert entries["a.zip"].standing == Standing.COUNTS
    assert entries["b.zip"].standing == Standing.SUPERSEDED
    assert entries["b.zip"].findings == (
        "superseded by a.zip, signed later (1970-01-01 08:03 UTC+8)",
    )


def test_an_earlier_bundle_with_the_same_content_is_a_duplicate() -> None:
    entries = _by_name([report("first.zip", signed=100), report("again.zip", signed=200)])
    assert entries["first.zip"].standing == Standing.DUPLICATE
    assert entries["first.zip"].findings == ("the same content as again.zip, which counts",)


def test_two_bundles_signed_in_the_same_second_are_a_finding_for_both() -> None:
    entries = _by_name([report("x.zip", signed=100, content="one"),
                        report("y.zip", signed=100, content="two")])  # fmt: skip
    sentence = (
        "two bundles of this team were signed in the same second; which was sent last cannot be "
        "told from the bundles"
    )
    assert sentence in entries["x.zip"].findings and sentence in entries["y.zip"].findings


def test_a_later_rejected_bundle_is_told_on_the_one_that_counts() -> None:
    bad = {"content": "c2", "verdict": Verdict.INVALID}
    entries = _by_name([report("ok.zip", signed=100), report("bad.zip", signed=200, **bad)])
    assert entries["ok.zip"].standing == Standing.COUNTS
    assert "a later bundle from this team, bad.zip, was rejected" in entries["ok.zip"].findings
    # An earlier rejected one is not news.
    entries = _by_name([report("ok.zip", signed=200), report("bad.zip", signed=100, **bad)])
    assert entries["ok.zip"].findings == ()


def test_a_key_that_signed_for_two_teams_blocks_both_when_no_list_decides() -> None:
    entries = _by_name([report("t1.zip", "T001", content="a"),
                        report("t2.zip", "T002", content="b")])  # fmt: skip
    assert not entries["t1.zip"].accepted and not entries["t2.zip"].accepted
    assert entries["t1.zip"].findings == (
        "key AAAAAAAAAAAAAAAA also signed t2.zip (team T002); a key belongs to one team: ask "
        "both teams which key is theirs",
    )
    # Where the list registered it, the registered team is told, not blocked.
    entries = _by_name([
        report("t1.zip", "T001", content="a", registered="T001"),
        report("t2.zip", "T002", content="b", verdict=Verdict.INVALID),
    ])  # fmt: skip
    assert entries["t1.zip"].accepted
    assert "the trust list decides whose key it is" in entries["t1.zip"].findings[0]


def test_the_same_content_from_two_teams_is_a_finding() -> None:
    entries = _by_name([report("t1.zip", "T001", key="1111111111111111"),
                        report("t2.zip", "T002", key="2222222222222222")])  # fmt: skip
    assert entries["t1.zip"].findings == (
        "the same content was sent by another team: t2.zip (team T002)",
    )
    assert entries["t1.zip"].accepted and entries["t2.zip"].accepted


def test_with_a_trust_list_only_a_trusted_key_is_accepted() -> None:
    assert is_accepted(report("a.zip", verdict=Verdict.VALID), trust_given=True)
    assert not is_accepted(report("a.zip", verdict=Verdict.VALID_UNTRUSTED_KEY), trust_given=True)
    assert is_accepted(report("a.zip", verdict=Verdict.VALID_UNTRUSTED_KEY), trust_given=False)
    assert not is_accepted(report("a.zip", verdict=Verdict.INVALID), trust_given=False)
