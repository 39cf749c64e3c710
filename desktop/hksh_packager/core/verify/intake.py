"""An intake judged as a whole: what no single bundle's report can say.

After a deadline the organisers hold every bundle the teams sent. Each was verified alone; here
they are compared: which bundle of a team counts (the latest by signed time among those accepted;
earlier ones are superseded, the same content sent again is a duplicate), the same content claimed
by several teams, one key signing for several teams, and bundles whose receipt does not match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from hksh_packager.core.common.messages import ENGLISH, define_plural, list_text
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.common.units import human_size
from hksh_packager.core.verify.report import Check, Verdict, VerificationReport

# Both cities keep UTC+8 all year: judges read signed times as they read their clocks.
CHALLENGE_TIME = timezone(timedelta(hours=8), "UTC+8")


class Standing(StrEnum):
    COUNTS = "counts"  # the team's bundle that is judged
    SUPERSEDED = "superseded"  # an earlier bundle of a team that sent a later one
    DUPLICATE = "duplicate"  # the same content as the one that counts, sent again
    REJECTED = "rejected"  # not accepted: invalid, an unregistered key, or an intake finding


BUNDLES = define_plural("intake.bundles", "{count} bundle", "{count} bundles")
ACCEPTED = define_plural("intake.accepted", "{count} accepted", "{count} accepted")
REJECTED = define_plural("intake.rejected", "{count} rejected", "{count} rejected")
TEAMS = define_plural(
    "intake.teams", "{count} team with a bundle that counts", "{count} teams with a bundle that "
    "counts"
)  # fmt: skip
SUPERSEDED = define_plural("intake.superseded", "{count} superseded", "{count} superseded")
DUPLICATES = define_plural("intake.duplicates", "{count} duplicate", "{count} duplicate")


@dataclass(frozen=True)
class IntakeEntry:
    report: VerificationReport
    accepted: bool
    standing: Standing
    findings: tuple[str, ...] = ()
    receipt: str = ""  # "matches", "does not match", "none", or "" when no receipts were given

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        return {
            **self.report.to_json(language),
            "intake": {
                "accepted": self.accepted,
                "standing": str(self.standing),
                "findings": list(self.findings),
                "receipt": self.receipt or None,
            },
        }


@dataclass(frozen=True)
class Intake:
    entries: tuple[IntakeEntry, ...]
    notes: tuple[str, ...] = ()  # about the intake as a whole (a receipt with no bundle)
    trust_source: str | None = None  # where the trust list came from; None: no list

    @property
    def all_accepted(self) -> bool:
        return all(entry.accepted for entry in self.entries)

    def summary(self, language: str = ENGLISH) -> str:
        """One line: how many bundles, accepted, and standings other than counts."""
        counts: dict[str, int] = defaultdict(int)
        for entry in self.entries:
            counts[entry.standing] += 1
        accepted = sum(1 for e in self.entries if e.accepted)
        parts = [
            BUNDLES(count=len(self.entries)),
            ACCEPTED(count=accepted),
            REJECTED(count=len(self.entries) - accepted),
            TEAMS(count=counts[Standing.COUNTS]),
        ]
        if counts[Standing.SUPERSEDED]:
            parts.append(SUPERSEDED(count=counts[Standing.SUPERSEDED]))
        if counts[Standing.DUPLICATE]:
            parts.append(DUPLICATES(count=counts[Standing.DUPLICATE]))
        return list_text(parts, language)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        return {
            "bundles": [entry.to_json(language) for entry in self.entries],
            "summary": self.summary(),
            "all_accepted": self.all_accepted,
            "trust_list": self.trust_source,
            "notes": list(self.notes),
        }


ReceiptCheck = Callable[[VerificationReport], list[str] | None]  # None: no receipt for it


def judge_intake(
    reports: Sequence[VerificationReport],
    accepted: Callable[[VerificationReport], bool],
    *,
    receipts: ReceiptCheck | None = None,
    notes: Sequence[str] = (),
    trust_source: str | None = None,
) -> Intake:
    """Judge the intake. `accepted` is the single-bundle rule; `receipts`, when receipts were
    given, returns a bundle's receipt problems ([] when it matches, None when it has none)."""
    findings: dict[int, list[str]] = defaultdict(list)
    blocked: set[int] = set()
    receipt_state: dict[int, str] = {}
    _shared_keys(reports, findings, blocked)
    _shared_content(reports, findings)
    if receipts is not None:
        for index, report in enumerate(reports):
            problems = receipts(report)
            if problems is None:
                receipt_state[index] = "none"
                findings[index].append("no receipt was given for this bundle")
            elif problems:
                receipt_state[index] = "does not match"
                findings[index] += [f"receipt: {p}" for p in problems]
                blocked.add(index)
            else:
                receipt_state[index] = "matches"
    ok = [accepted(report) and index not in blocked for index, report in enumerate(reports)]
    standings = _standings(reports, ok, findings)
    entries = tuple(
        IntakeEntry(report, ok[i], standings[i], tuple(findings[i]), receipt_state.get(i, ""))
        for i, report in enumerate(reports)
    )
    return Intake(entries, tuple(notes), trust_source)


def _name(report: VerificationReport) -> str:
    return report.bundle.name


def _shared_keys(
    reports: Sequence[VerificationReport], findings: dict[int, list[str]], blocked: set[int]
) -> None:
    """A key that signed bundles claiming different teams. A key belongs to one team: where the
    trust list registers it, the bundles claiming another team are already invalid, and the
    registered team's bundles are only told; where no list decides, neither claim can be accepted
    without a person's decision."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        if report.key_id and report.signed_at is not None and report.team_id:
            by_key[report.key_id].append(index)
    for key_id, indexes in by_key.items():
        teams = sorted({reports[i].team_id or "" for i in indexes})
        if len(teams) < 2:
            continue
        decided = any(reports[i].registered_team for i in indexes)
        for index in indexes:
            others = [
                f"{_name(reports[i])} (team {reports[i].team_id})"
                for i in indexes
                if reports[i].team_id != reports[index].team_id
            ]
            if decided:
                findings[index].append(
                    f"key {key_id} also signed {', '.join(others)}; the trust list decides whose "
                    "key it is"
                )
                continue
            findings[index].append(
                f"key {key_id} also signed {', '.join(others)}; a key belongs to one team: "
                "ask both teams which key is theirs"
            )
            blocked.add(index)


def _shared_content(reports: Sequence[VerificationReport], findings: dict[int, list[str]]) -> None:
    """The same content (payload) in bundles claiming different teams: for judges to look at."""
    by_content: dict[str, list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        if report.content_id and report.team_id:
            by_content[report.content_id].append(index)
    for indexes in by_content.values():
        if len({reports[i].team_id for i in indexes}) < 2:
            continue
        for index in indexes:
            others = [
                f"{_name(reports[i])} (team {reports[i].team_id})"
                for i in indexes
                if reports[i].team_id != reports[index].team_id
            ]
            sent = ", ".join(others)
            findings[index].append(f"the same content was sent by another team: {sent}")


def _standings(
    reports: Sequence[VerificationReport], ok: list[bool], findings: dict[int, list[str]]
) -> list[Standing]:
    standings = [Standing.REJECTED] * len(reports)
    by_team: dict[str, list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        if ok[index]:
            by_team[report.team_id or f"?{index}"].append(index)
    for team, indexes in by_team.items():
        ordered = sorted(indexes, key=lambda i: (reports[i].signed_at or -1, _name(reports[i])))
        latest = ordered[-1]
        standings[latest] = Standing.COUNTS
        for index in ordered[:-1]:
            other = reports[latest]
            if reports[index].content_id == other.content_id:
                standings[index] = Standing.DUPLICATE
                findings[index].append(f"the same content as {_name(other)}, which counts")
            else:
                standings[index] = Standing.SUPERSEDED
                findings[index].append(
                    f"superseded by {_name(other)}, signed later ({signed_text(other.signed_at)})"
                )
            same_second = reports[index].signed_at == other.signed_at
            if same_second and standings[index] != Standing.DUPLICATE:
                for i in (index, latest):
                    findings[i].append(
                        "two bundles of this team were signed in the same second; which was "
                        "sent last cannot be told from the bundles"
                    )
        rejected_later = [
            i
            for i, report in enumerate(reports)
            if not ok[i]
            and report.team_id == team
            and report.signed_at is not None
            and report.signed_at > (reports[latest].signed_at or -1)
        ]
        for index in rejected_later:
            findings[latest].append(
                f"a later bundle from this team, {_name(reports[index])}, was rejected"
            )
    return standings


def signed_text(epoch: int | None) -> str:
    if epoch is None:
        return ""
    try:
        moment = datetime.fromtimestamp(epoch, UTC).astimezone(CHALLENGE_TIME)
    except (OverflowError, ValueError, OSError):  # a report from elsewhere: shown, not dated
        return f"{epoch} (not a date)"
    return moment.strftime("%Y-%m-%d %H:%M UTC+8")


@dataclass(frozen=True)
class Column:
    """A column of the judges' table, as the HTML report, the CSV and the app show it: its
    header, its text for an entry and what it sorts by."""

    key: str
    header: str
    text: Callable[[IntakeEntry], str]
    sort: Callable[[IntakeEntry], Any]


def _rules(entry: IntakeEntry) -> str:
    report = entry.report
    if report.title is None:  # no usable submission.json: the rules could not be applied
        return "not checked"
    count = len(report.problems_of(Check.PROFILE))
    return "passed" if count == 0 else f"{count} problem{'s' if count != 1 else ''}"


def _team(entry: IntakeEntry) -> str:
    report = entry.report
    return " ".join(part for part in (report.team_id, report.team_name) if part)


def _key(entry: IntakeEntry) -> str:
    report = entry.report
    return f"{report.trust} {report.key_id}" if report.key_id else str(report.trust)


VERDICT_ORDER = {Verdict.INVALID: 0, Verdict.VALID_UNTRUSTED_KEY: 1, Verdict.VALID: 2}


def _shown(text: Callable[[IntakeEntry], str]) -> Callable[[IntakeEntry], str]:
    """A column's text as every face shows it: a bundle's text escaped here, once for all."""
    return lambda entry: escape_text(text(entry))


COLUMNS: tuple[Column, ...] = (
    Column("team", "Team", _shown(_team), _team),
    Column("title", "Title", _shown(lambda e: e.report.title or ""),
           lambda e: e.report.title or ""),
    Column("stage", "Stage", _shown(lambda e: e.report.stage or ""),
           lambda e: e.report.stage or ""),
    Column("verdict", "Verdict", lambda e: str(e.report.verdict),
           lambda e: VERDICT_ORDER[e.report.verdict]),
    Column("standing", "Standing", lambda e: str(e.standing), lambda e: str(e.standing)),
    Column("key", "Key", _key, _key),
    Column("rules", "Rules", _rules, _rules),
    Column("datasets", "Datasets", lambda e: str(e.report.revalidation),
           lambda e: str(e.report.revalidation)),
    Column("size", "Size", lambda e: human_size(e.report.bundle_bytes),
           lambda e: e.report.bundle_bytes),
    Column("signed", "Signed", lambda e: signed_text(e.report.signed_at),
           lambda e: e.report.signed_at or 0),
    Column("problems", "Problems", lambda e: str(len(e.report.problems)),
           lambda e: len(e.report.problems)),
    Column("bundle", "Bundle", _shown(lambda e: e.report.bundle.name),
           lambda e: e.report.bundle.name),
)  # fmt: skip


def columns_by_key() -> Mapping[str, Column]:
    return {column.key: column for column in COLUMNS}
