"""An intake judged as a whole: what no single bundle's report can say.

After a deadline the organisers hold every bundle the teams sent. Each was verified alone; here
they are compared: which bundle of a team counts (the latest by signed time among those accepted;
earlier ones are superseded, the same content sent again is a duplicate), the same content claimed
by several teams, one key signing for several teams, and bundles whose receipt does not match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from hksh_packager.core.common.messages import (
    ENGLISH,
    Message,
    MessageFactory,
    define,
    define_plural,
    list_text,
    render,
)
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.common.units import human_size
from hksh_packager.core.verify.report import (
    TRUST,
    Check,
    Revalidation,
    Verdict,
    VerificationReport,
    said_each,
)

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
NO_RECEIPT = define("intake.no-receipt", "no receipt was given for this bundle")
RECEIPT_PROBLEM = define("intake.receipt", "receipt: {problem}")


class DecisionKind(StrEnum):
    ACCEPT_LATE = "accept-late"  # arrived after the deadline, accepted all the same
    REJECT = "reject"  # not accepted, whatever the checks say


@dataclass(frozen=True)
class Decision:
    """An organiser's decision on a bundle, as the ledger keeps it: what, why, who, when."""

    kind: DecisionKind
    reason: str
    who: str
    at: int  # seconds since 1970, the organiser's clock


@dataclass(frozen=True)
class Arrival:
    """When a bundle arrived, by the organisers' evidence: when the intake first saw it and the
    file's own modification time (a scan may come a day after the upload), the earlier counting,
    but never before `unseen_at`, the last scan of its folder that did not see it. A file's time
    is the sender's to set (sync clients keep the one the file had on the sender's computer): a
    scan that did not see the file proves it was not there yet, whatever its time says. Also
    the stage's deadline it is judged against, and the organisers' decision."""

    first_seen: int
    file_time: int
    deadline: int | None = None  # seconds since 1970; None: the profile gives none
    decision: Decision | None = None
    unseen_at: int | None = None  # the last scan of its folder before it was seen, if any

    @property
    def arrived_at(self) -> int:
        earliest = min(self.first_seen, self.file_time)
        return earliest if self.unseen_at is None else max(earliest, self.unseen_at)

    @property
    def file_time_refuted(self) -> bool:
        """The file's time is before a scan that did not see the file."""
        return self.unseen_at is not None and self.file_time < self.unseen_at

    @property
    def late(self) -> bool:
        return self.deadline is not None and self.arrived_at > self.deadline


@dataclass(frozen=True)
class IntakeEntry:
    report: VerificationReport
    accepted: bool
    standing: Standing
    findings: tuple[str, ...] = ()  # in English, as JSON, the CSV and logs read them
    receipt: str = ""  # "matches", "does not match", "none", or "" when no receipts were given
    findings_said: tuple[Message | str, ...] = field(default=(), compare=False)  # by code
    arrival: Arrival | None = None  # from the intake's ledger; None: a one-off verify

    def said_findings(self) -> tuple[Message | str, ...]:
        """The findings by code where they were given so, else as the English `findings`."""
        return said_each(self.findings, self.findings_said)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        return {
            **self.report.to_json(language),
            "intake": {
                "accepted": self.accepted,
                "standing": str(self.standing),
                "findings": list(self.findings),
                "receipt": self.receipt or None,
                **(_arrival_json(self.arrival) if self.arrival is not None else {}),
            },
        }


def _arrival_json(arrival: Arrival) -> dict[str, Any]:
    decision = arrival.decision
    return {
        "arrived_at": arrival.arrived_at,
        "first_seen": arrival.first_seen,
        "file_time": arrival.file_time,
        "unseen_at": arrival.unseen_at,
        "deadline": arrival.deadline,
        "late": arrival.late,
        "decision": None if decision is None else {
            "kind": str(decision.kind), "reason": decision.reason, "who": decision.who,
            "at": decision.at,
        },
    }  # fmt: skip


@dataclass(frozen=True)
class Intake:
    entries: tuple[IntakeEntry, ...]
    notes: tuple[str, ...] = ()  # about the intake as a whole (a receipt with no bundle)
    trust_source: str | None = None  # where the trust list came from; None: no list
    notes_said: tuple[Message | str, ...] = field(default=(), compare=False)  # notes, by code

    def said_notes(self) -> tuple[Message | str, ...]:
        """The notes by code where they were given so, else as the English `notes`."""
        return said_each(self.notes, self.notes_said)

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


@dataclass(frozen=True)
class ReceiptResult:
    """How a bundle compares with its receipt: differences (the bundle is not the one the
    receipt describes) and findings that do not block it (two receipts, a new file name)."""

    problems: Sequence[Message | str]
    findings: Sequence[Message | str] = ()


# A bundle's receipt, compared: None when it has none.
ReceiptCheck = Callable[[VerificationReport], ReceiptResult | None]


def judge_intake(
    reports: Sequence[VerificationReport],
    accepted: Callable[[VerificationReport], bool],
    *,
    receipts: ReceiptCheck | None = None,
    notes: Sequence[Message | str] = (),
    trust_source: str | None = None,
    arrivals: Sequence[Arrival] | None = None,
) -> Intake:
    """Judge the intake. `accepted` is the single-bundle rule; `receipts`, when receipts were
    given, compares a bundle with its receipt (None when it has none). `arrivals`, one per
    report, from the intake's ledger: then which bundle of a team counts, and lateness, follow
    when each arrived, and the organisers' decisions apply; the signed time is the team's claim,
    a finding when it is later than the arrival or far before it."""
    findings: dict[int, list[Message | str]] = defaultdict(list)
    blocked: set[int] = set()
    receipt_state: dict[int, str] = {}
    # Only a bundle whose bag is intact says who sent what: a copy with its bag-info changed (its
    # tag manifest then fails, while its signature still verifies) must not make findings about
    # the genuine bundle it was copied from.
    intact = [i for i, report in enumerate(reports) if bag_intact(report)]
    _shared_keys(reports, intact, findings, blocked)
    _keys_of_a_team(reports, intact, findings)
    _shared_content(reports, intact, findings)
    if receipts is not None:
        for index, report in enumerate(reports):
            compared = receipts(report)
            if compared is None:
                receipt_state[index] = "none"
                findings[index].append(NO_RECEIPT())
                continue
            findings[index] += [RECEIPT_PROBLEM(problem=f) for f in compared.findings]
            if compared.problems:
                receipt_state[index] = "does not match"
                findings[index] += [RECEIPT_PROBLEM(problem=p) for p in compared.problems]
                blocked.add(index)
            else:
                receipt_state[index] = "matches"
    if arrivals is not None:
        _timing(reports, arrivals, findings, blocked)
    ok = [accepted(report) and index not in blocked for index, report in enumerate(reports)]
    when = [a.arrived_at for a in arrivals] if arrivals is not None else None
    standings = _standings(
        reports, [ok[i] and i in intact for i in range(len(reports))], findings, when
    )
    entries = tuple(
        IntakeEntry(
            report, ok[i], standings[i], tuple(str(f) for f in findings[i]),
            receipt_state.get(i, ""), tuple(findings[i]),
            arrivals[i] if arrivals is not None else None,
        )
        for i, report in enumerate(reports)
    )  # fmt: skip
    return Intake(entries, tuple(str(n) for n in notes), trust_source, tuple(notes))


def _name(report: VerificationReport) -> str:
    return report.bundle.name


LATE = define("intake.late", "arrived {arrived}, after the {stage} deadline of {deadline}")
LATE_ACCEPTED = define(
    "intake.late-accepted", "arrived {arrived}, after the {stage} deadline of {deadline}; "
    "accepted late by {who} on {on}: {reason}"
)  # fmt: skip
REJECTED_BY = define("intake.rejected-by", "rejected by {who} on {on}: {reason}")
SIGNED_AFTER = define(
    "intake.signed-after-arrival", "signed {signed} by the team's clock, after it arrived "
    "({arrived}): the signing computer's clock was wrong"
)  # fmt: skip
SIGNED_LONG_BEFORE = define(
    "intake.signed-long-before", "signed {signed} by the team's clock, more than {days} days "
    "before it arrived ({arrived})"
)  # fmt: skip
FILE_TIME_REFUTED = define(
    "intake.file-time-refuted-2", "the file's time says {file_time}, but it was not there, or "
    "not complete, when the intake looked at {scanned}: it arrived after that (a file's time is "
    "the sender's to set)"
)  # fmt: skip
CLOCK_SLACK = 10 * 60  # a signing computer's clock may run a few minutes fast
LONG_BEFORE_DAYS = 90


def _timing(
    reports: Sequence[VerificationReport],
    arrivals: Sequence[Arrival],
    findings: dict[int, list[Message | str]],
    blocked: set[int],
) -> None:
    """Lateness by arrival, the signed time against it, and the organisers' decisions."""
    for index, (report, arrival) in enumerate(zip(reports, arrivals, strict=True)):
        arrived = signed_text(arrival.arrived_at)
        decision = arrival.decision
        if arrival.file_time_refuted:
            findings[index].append(FILE_TIME_REFUTED(
                file_time=signed_text(arrival.file_time), scanned=arrived,
            ))  # fmt: skip
        if arrival.late:
            stage = escape_text(report.stage or "?")
            deadline = signed_text(arrival.deadline)
            if decision is not None and decision.kind == DecisionKind.ACCEPT_LATE:
                findings[index].append(LATE_ACCEPTED(
                    arrived=arrived, stage=stage, deadline=deadline, who=decision.who,
                    on=signed_text(decision.at), reason=decision.reason,
                ))  # fmt: skip
            else:
                findings[index].append(LATE(arrived=arrived, stage=stage, deadline=deadline))
                blocked.add(index)
        if decision is not None and decision.kind == DecisionKind.REJECT:
            findings[index].append(
                REJECTED_BY(who=decision.who, on=signed_text(decision.at), reason=decision.reason)
            )
            blocked.add(index)
        signed = report.signed_at
        if signed is None:
            continue
        if signed > arrival.arrived_at + CLOCK_SLACK:
            findings[index].append(SIGNED_AFTER(signed=signed_text(signed), arrived=arrived))
        elif signed < arrival.arrived_at - LONG_BEFORE_DAYS * 86_400:
            findings[index].append(SIGNED_LONG_BEFORE(
                signed=signed_text(signed), days=LONG_BEFORE_DAYS, arrived=arrived
            ))  # fmt: skip


BUNDLE_OF_TEAM = define("intake.bundle-of-team", "{bundle} (team {team})")
KEY_SHARED_DECIDED = define(
    "intake.key-shared-decided", "key {key} also signed {others}; the trust list decides whose "
    "key it is"
)  # fmt: skip
KEY_SHARED = define(
    "intake.key-shared", "key {key} also signed {others}; a key belongs to one team: ask both "
    "teams which key is theirs"
)  # fmt: skip
CONTENT_SHARED = define(
    "intake.content-shared", "the same content was sent by another team: {others}"
)
SAME_AS = define("intake.same-as", "the same content as {bundle}, which counts")
SUPERSEDED_BY = define("intake.superseded-by", "superseded by {bundle}, signed later ({signed})")
SAME_SECOND = define(
    "intake.same-second", "two bundles of this team were signed in the same second; which was "
    "sent last cannot be told from the bundles"
)  # fmt: skip
LATER_REJECTED = define(
    "intake.later-rejected", "a later bundle from this team, {bundle}, was rejected"
)


BAG_CHECKS = frozenset({
    Check.ARCHIVE, Check.BAG_STRUCTURE, Check.BAG_INFO, Check.TAG_MANIFEST,
    Check.PAYLOAD_MANIFEST, Check.COMPLETENESS, Check.PAYLOAD_OXUM, Check.SIGNATURE,
})  # fmt: skip


def bag_intact(report: VerificationReport) -> bool:
    """The bundle's bag and signature hold: no problem found before the trust check. Only such a
    bundle's team, key and content are what its sender made them."""
    return report.signed_at is not None and not report.problems_of(*BAG_CHECKS)


KEYS_OF_TEAM = define(
    "intake.keys-of-team", "team {team} sent bundles signed by {count} keys ({keys}); a team "
    "has one key: ask the team which is its own"
)  # fmt: skip


def _keys_of_a_team(
    reports: Sequence[VerificationReport],
    intact: Sequence[int],
    findings: dict[int, list[Message | str]],
) -> None:
    """A team whose bundles come with more than one key, trust list or not: one of them may not
    be the team's (a bundle sent in its name), or the team lost its key and made another."""
    by_team: dict[str, list[int]] = defaultdict(list)
    for index in intact:
        if reports[index].team_id and reports[index].key_id:
            by_team[reports[index].team_id or ""].append(index)
    for team, indexes in by_team.items():
        keys = sorted({reports[i].key_id or "" for i in indexes})
        if len(keys) > 1:
            for index in indexes:
                findings[index].append(KEYS_OF_TEAM(team=team, count=len(keys), keys=keys))


def _other_teams(
    reports: Sequence[VerificationReport], indexes: Sequence[int], index: int
) -> list[Message]:
    """The bundles among `indexes` that claim another team than bundle `index`, named."""
    return [
        BUNDLE_OF_TEAM(bundle=_name(reports[i]), team=reports[i].team_id or "")
        for i in indexes
        if reports[i].team_id != reports[index].team_id
    ]


def _shared_keys(
    reports: Sequence[VerificationReport],
    intact: Sequence[int],
    findings: dict[int, list[Message | str]],
    blocked: set[int],
) -> None:
    """A key that signed bundles claiming different teams. A key belongs to one team: where the
    trust list registers it, the bundles claiming another team are already invalid, and the
    registered team's bundles are only told; where no list decides, neither claim can be accepted
    without a person's decision."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for index in intact:
        report = reports[index]
        if report.key_id and report.team_id:
            by_key[report.key_id].append(index)
    for key_id, indexes in by_key.items():
        teams = sorted({reports[i].team_id or "" for i in indexes})
        if len(teams) < 2:
            continue
        decided = any(reports[i].registered_team for i in indexes)
        for index in indexes:
            others = _other_teams(reports, indexes, index)
            if decided:
                findings[index].append(KEY_SHARED_DECIDED(key=key_id, others=others))
                continue
            findings[index].append(KEY_SHARED(key=key_id, others=others))
            blocked.add(index)


def _shared_content(
    reports: Sequence[VerificationReport],
    intact: Sequence[int],
    findings: dict[int, list[Message | str]],
) -> None:
    """The same content (payload) in bundles claiming different teams: for judges to look at."""
    by_content: dict[str, list[int]] = defaultdict(list)
    for index in intact:
        if reports[index].content_id and reports[index].team_id:
            by_content[reports[index].content_id or ""].append(index)
    for indexes in by_content.values():
        if len({reports[i].team_id for i in indexes}) < 2:
            continue
        for index in indexes:
            findings[index].append(CONTENT_SHARED(others=_other_teams(reports, indexes, index)))


def _standings(
    reports: Sequence[VerificationReport],
    ok: list[bool],
    findings: dict[int, list[Message | str]],
    arrived: Sequence[int] | None = None,
) -> list[Standing]:
    """Which bundle of each team counts: the last to arrive where the ledger knows arrivals
    (the team's clock cannot move it), else the last signed."""
    standings = [Standing.REJECTED] * len(reports)
    by_team: dict[str, list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        if ok[index]:
            by_team[report.team_id or f"?{index}"].append(index)

    def order(i: int) -> tuple[int, int, str]:
        first = arrived[i] if arrived is not None else (reports[i].signed_at or -1)
        return first, reports[i].signed_at or -1, _name(reports[i])

    for team, indexes in by_team.items():
        ordered = sorted(indexes, key=order)
        latest = ordered[-1]
        standings[latest] = Standing.COUNTS
        for index in ordered[:-1]:
            other = reports[latest]
            if reports[index].content_id == other.content_id:
                standings[index] = Standing.DUPLICATE
                findings[index].append(SAME_AS(bundle=_name(other)))
            else:
                standings[index] = Standing.SUPERSEDED
                findings[index].append(
                    SUPERSEDED_BY(bundle=_name(other), signed=signed_text(other.signed_at))
                )
            same_second = reports[index].signed_at == other.signed_at
            if same_second and standings[index] != Standing.DUPLICATE:
                for i in (index, latest):
                    findings[i].append(SAME_SECOND())
        rejected_later = [
            i
            for i, report in enumerate(reports)
            if not ok[i]
            and report.team_id == team
            and report.signed_at is not None
            and report.signed_at > (reports[latest].signed_at or -1)
        ]
        for index in rejected_later:
            findings[latest].append(LATER_REJECTED(bundle=_name(reports[index])))
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
    header, its text for an entry (words the product says are messages, a bundle's own text is
    escaped text) and what it sorts by."""

    key: str
    header: MessageFactory
    said: Callable[[IntakeEntry], Message | str]
    sort: Callable[[IntakeEntry], Any]

    def text(self, entry: IntakeEntry, language: str = ENGLISH) -> str:
        return render(self.said(entry), language)


# A verdict in the judges' table, as the report's values are written.
VERDICT_WORDS = {
    Verdict.VALID: define("verdict-word.valid", "valid"),
    Verdict.VALID_UNTRUSTED_KEY: define("verdict-word.valid-untrusted-key", "valid-untrusted-key"),
    Verdict.INVALID: define("verdict-word.invalid", "invalid"),
}
RULES_NOT_CHECKED = define("rules.not-checked", "not checked")
RULES_PASSED = define("rules.passed", "passed")
RULES_PROBLEMS = define_plural("rules.problems", "{count} problem", "{count} problems")
STANDINGS = {
    Standing.COUNTS: define("standing.counts", "counts"),
    Standing.SUPERSEDED: define("standing.superseded", "superseded"),
    Standing.DUPLICATE: define("standing.duplicate", "duplicate"),
    Standing.REJECTED: define("standing.rejected", "rejected"),
}
REVALIDATION = {
    Revalidation.PASSED: define("revalidation.passed", "passed"),
    Revalidation.FAILED: define("revalidation.failed", "failed"),
    Revalidation.SKIPPED: define("revalidation.skipped", "skipped"),
    Revalidation.NOT_REACHED: define("revalidation.not-reached", "not-reached"),
    Revalidation.DECLARED_INVALID: define("revalidation.declared-invalid", "declared invalid"),
}
DECLARED_ERRORS = define_plural(
    "revalidation.declared-errors", "declared invalid: {count} error",
    "declared invalid: {count} errors",
)  # fmt: skip


def datasets_said(report: VerificationReport) -> Message:
    """The datasets' state as judges read it: data the team packed as invalid is never
    "passed", and says how many errors it has."""
    if report.revalidation == Revalidation.DECLARED_INVALID:
        return DECLARED_ERRORS(count=report.declared_errors)
    return REVALIDATION[report.revalidation]()


def _rules(entry: IntakeEntry) -> Message:
    report = entry.report
    if report.title is None:  # no usable submission.json: the rules could not be applied
        return RULES_NOT_CHECKED()
    count = len(report.problems_of(Check.PROFILE))
    return RULES_PASSED() if count == 0 else RULES_PROBLEMS(count=count)


def _team(entry: IntakeEntry) -> str:
    report = entry.report
    return " ".join(part for part in (report.team_id, report.team_name) if part)


def _key(entry: IntakeEntry) -> str:
    report = entry.report
    return f"{report.trust} {report.key_id}" if report.key_id else str(report.trust)


KEY = define("column.key-text", "{trust} {key}")


def _key_said(entry: IntakeEntry) -> Message:
    report = entry.report
    trust = TRUST[report.trust]()
    return KEY(trust=trust, key=report.key_id) if report.key_id else trust


DECISIONS = {
    DecisionKind.ACCEPT_LATE: define("decision.accept-late", "accepted late"),
    DecisionKind.REJECT: define("decision.reject", "rejected"),
}


def _decision_said(entry: IntakeEntry) -> Message | str:
    decision = entry.arrival.decision if entry.arrival else None
    return DECISIONS[decision.kind]() if decision is not None else ""


VERDICT_ORDER = {Verdict.INVALID: 0, Verdict.VALID_UNTRUSTED_KEY: 1, Verdict.VALID: 2}


def _shown(text: Callable[[IntakeEntry], str]) -> Callable[[IntakeEntry], str]:
    """A column's text as every face shows it: a bundle's text escaped here, once for all."""
    return lambda entry: escape_text(text(entry))


COLUMNS: tuple[Column, ...] = (
    Column("team", define("column.team", "Team"), _shown(_team), _team),
    # Next to the team: a team's bundles differ by name first, and a narrow window still shows it.
    Column("bundle", define("column.bundle", "Bundle"), _shown(lambda e: e.report.bundle.name),
           lambda e: e.report.bundle.name),
    Column("title", define("column.title", "Title"), _shown(lambda e: e.report.title or ""),
           lambda e: e.report.title or ""),
    Column("stage", define("column.stage", "Stage"), _shown(lambda e: e.report.stage or ""),
           lambda e: e.report.stage or ""),
    Column("verdict", define("column.verdict", "Verdict"),
           lambda e: VERDICT_WORDS[e.report.verdict](), lambda e: VERDICT_ORDER[e.report.verdict]),
    Column("standing", define("column.standing", "Standing"),
           lambda e: STANDINGS[e.standing](), lambda e: str(e.standing)),
    Column("key", define("column.key", "Key"), _key_said, _key),
    Column("rules", define("column.rules", "Rules"), _rules, lambda e: str(_rules(e))),
    Column("datasets", define("column.datasets", "Datasets"),
           lambda e: datasets_said(e.report), lambda e: str(e.report.revalidation)),
    Column("size", define("column.size", "Size"), lambda e: human_size(e.report.bundle_bytes),
           lambda e: e.report.bundle_bytes),
    Column("signed", define("column.signed-claimed", "Signed (team's clock)"),
           lambda e: signed_text(e.report.signed_at), lambda e: e.report.signed_at or 0),
    Column("arrived", define("column.arrived", "Arrived"),
           lambda e: signed_text(e.arrival.arrived_at) if e.arrival else "",
           lambda e: e.arrival.arrived_at if e.arrival else 0),
    Column("decision", define("column.decision", "Decision"), _decision_said,
           lambda e: str(e.arrival.decision.kind) if e.arrival and e.arrival.decision else ""),
    Column("problems", define("column.problems", "Problems"),
           lambda e: str(len(e.report.problems)), lambda e: len(e.report.problems)),
)  # fmt: skip


def columns_by_key() -> Mapping[str, Column]:
    return {column.key: column for column in COLUMNS}
