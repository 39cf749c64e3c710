"""What verification found: every problem, and the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from hksh_packager.core.common.messages import (
    ENGLISH,
    Message,
    define,
    define_plural,
    message_fields,
    message_from_json,
    render,
)
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.common.units import human_size
from hksh_packager.core.signing.trust import TrustStatus


class Verdict(StrEnum):
    VALID = "valid"
    VALID_UNTRUSTED_KEY = "valid-untrusted-key"
    INVALID = "invalid"


class Revalidation(StrEnum):
    """What became of the bundled datasets' re-validation."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # asked not to (integrity and signature only)
    NOT_REACHED = "not-reached"  # integrity or rules failed first: strangers' files stay closed
    DECLARED_INVALID = "declared-invalid"  # as the bundle says: invalid, which the team declared


class Check(StrEnum):
    ARCHIVE = "archive"
    BAG_STRUCTURE = "bag-structure"
    BAG_INFO = "bag-info"
    TAG_MANIFEST = "tag-manifest"
    PAYLOAD_MANIFEST = "payload-manifest"
    COMPLETENESS = "completeness"
    PAYLOAD_OXUM = "payload-oxum"
    SIGNATURE = "signature"
    KEY_TRUST = "key-trust"
    SUBMISSION = "submission"
    DATASETS = "datasets"
    PROFILE = "profile"
    VERIFIER = "verifier"  # the verifier itself failed on this bundle


@dataclass(frozen=True)
class Problem:
    """`member` is the path inside the bag ("data/datasets/x.csv"), the raw archive name for
    members outside the bag, or "" for the archive as a whole."""

    check: Check
    member: str
    message: str  # in English: said of the member ("is missing"), or of the bundle when none
    said: Message | None = field(default=None, compare=False)  # the same, by code

    @staticmethod
    def of(check: Check, member: str, message: Message | str) -> Problem:
        if isinstance(message, Message):
            return Problem(check, member, str(message), message)
        return Problem(check, member, message)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        return {
            "check": str(self.check),
            "member": self.member,
            "message": self.message,
            **message_fields(self.said or self.message, language),
        }

    def line(self) -> Message:
        """ "[check] member: message" (or "[check] message"), by code."""
        said = self.said or self.message
        if not self.member:
            return ON_BUNDLE(check=str(self.check), message=said)
        return ON_MEMBER(check=str(self.check), member=self.member, message=said)

    def text(self, language: str = ENGLISH) -> str:
        """ "[check] member: message" in `language`."""
        return render(self.line(), language)

    def __str__(self) -> str:
        return self.text(ENGLISH)


@dataclass(frozen=True)
class VerificationReport:
    bundle: Path
    verdict: Verdict
    problems: tuple[Problem, ...]
    bag_name: str | None = None
    team_id: str | None = None
    submission_id: str | None = None
    key_id: str | None = None
    trust: TrustStatus = TrustStatus.NOT_CHECKED
    registered_team: str | None = None
    payload_files: int = 0
    payload_bytes: int = 0
    notes: tuple[str, ...] = ()  # in English, as JSON and logs read them
    # What a judge's table shows. All but bundle_bytes come from the bundle: hostile text, to be
    # escaped wherever it is shown. signed_at is the signed timestamp, set only when the
    # signature verifies; content_id is the SHA-256 of the payload manifest (same content, same id).
    team_name: str | None = None
    title: str | None = None
    stage: str | None = None
    signed_at: int | None = None
    bundle_bytes: int = 0
    content_id: str | None = None
    revalidation: Revalidation = Revalidation.NOT_REACHED
    declared_errors: int = 0  # errors in datasets the team packed as invalid, declaring it
    challenge: str | None = None  # the profile the submission names (hksh-2025), from the bundle
    notes_said: tuple[Message | str, ...] = field(default=(), compare=False)  # notes, by code

    def said_notes(self) -> tuple[Message | str, ...]:
        """The notes by code where they were given so, else as the English `notes`."""
        return said_each(self.notes, self.notes_said)

    def problems_of(self, *checks: Check) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.check in checks)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        return {
            "bundle": str(self.bundle),
            "verdict": str(self.verdict),
            "bag": self.bag_name,
            "team_id": self.team_id,
            "submission_id": self.submission_id,
            "key_id": self.key_id,
            "trust": str(self.trust),
            "registered_team": self.registered_team,
            "payload_files": self.payload_files,
            "payload_bytes": self.payload_bytes,
            "problems": [problem.to_json(language) for problem in self.problems],
            "notes": list(self.notes),
            "team_name": self.team_name,
            "title": self.title,
            "stage": self.stage,
            "signed_at": self.signed_at,
            "bundle_bytes": self.bundle_bytes,
            "content_id": self.content_id,
            "revalidation": str(self.revalidation),
            "declared_errors": self.declared_errors,
            "challenge": self.challenge,
        }


def report_to_record(report: VerificationReport) -> dict[str, Any]:
    """The report as the intake ledger keeps it: its JSON, with its notes by code beside the
    English, so that a report read back speaks every language it did."""
    return {**report.to_json(), "notes_said": [message_fields(n) for n in report.notes_said]}


def report_from_record(record: dict[str, Any]) -> VerificationReport:
    """A report kept by `report_to_record`, read back; messages by code where this version
    knows them, else their English."""
    problems = tuple(
        Problem.of(Check(p["check"]), str(p["member"]),
                   message_from_json(p.get("message_id"), p.get("params"), str(p["message"])))
        for p in record["problems"]
    )  # fmt: skip
    notes_said = tuple(
        message_from_json(n.get("message_id"), n.get("params"), str(n.get("text", "")))
        for n in record.get("notes_said", [])
    )  # fmt: skip
    return VerificationReport(
        bundle=Path(record["bundle"]), verdict=Verdict(record["verdict"]), problems=problems,
        bag_name=record["bag"], team_id=record["team_id"], submission_id=record["submission_id"],
        key_id=record["key_id"], trust=TrustStatus(record["trust"]),
        registered_team=record["registered_team"], payload_files=record["payload_files"],
        payload_bytes=record["payload_bytes"], notes=tuple(record["notes"]),
        team_name=record["team_name"], title=record["title"], stage=record["stage"],
        signed_at=record["signed_at"], bundle_bytes=record["bundle_bytes"],
        content_id=record["content_id"], revalidation=Revalidation(record["revalidation"]),
        declared_errors=record.get("declared_errors", 0), challenge=record.get("challenge"),
        notes_said=notes_said,
    )  # fmt: skip


def said_each(
    english: tuple[str, ...], said: tuple[Message | str, ...]
) -> tuple[Message | str, ...]:
    """Messages carried beside their English texts (notes, findings), when they are there for
    every text; else the English texts."""
    return said if len(said) == len(english) else english


ON_MEMBER = define("verify.problem", "[{check}] {member}: {message}")
ON_BUNDLE = define("verify.problem-bundle", "[{check}] {message}")
VERDICTS = {
    Verdict.VALID: define("verdict.valid", "VALID"),
    Verdict.VALID_UNTRUSTED_KEY: define("verdict.valid-untrusted-key", "VALID-UNTRUSTED-KEY"),
    Verdict.INVALID: define("verdict.invalid", "INVALID"),
}
TRUST = {
    TrustStatus.TRUSTED: define("trust.trusted", "trusted"),
    TrustStatus.UNKNOWN: define("trust.unknown", "unknown"),
    TrustStatus.REVOKED: define("trust.revoked", "revoked"),
    TrustStatus.WRONG_TEAM: define("trust.wrong-team", "registered-to-another-team"),
    TrustStatus.NO_LIST: define("trust.no-list", "no-trust-list"),
    TrustStatus.NOT_CHECKED: define("trust.not-checked", "not-checked"),
}
HEADLINE = define("verify.headline", "{bundle}: {verdict}")
SUBMISSION = define_plural(
    "verify.submission", "submission {submission} by team {team}: {count} file, {size}",
    "submission {submission} by team {team}: {count} files, {size}",
)  # fmt: skip
SIGNING_KEY = define("verify.key", "signing key {key}: {trust}")
NOTE = define("verify.note", "note: {note}")


def text_report(report: VerificationReport, language: str = ENGLISH) -> str:
    """The report as lines of text for a terminal or a log, in `language`. Everything that came
    from the bundle has its control characters escaped: an escape sequence in bag-info.txt must
    not be able to rewrite what a terminal shows (a "VALID" over an invalid verdict)."""
    safe = escape_text

    def say(message: Message) -> str:
        return render(message, language)

    verdict = VERDICTS[report.verdict]()
    lines = [say(HEADLINE(bundle=safe(str(report.bundle)), verdict=verdict))]
    if report.bag_name:
        lines.append("  " + say(SUBMISSION(
            submission=safe(report.submission_id or "?"), team=safe(report.team_id or "?"),
            count=report.payload_files, size=human_size(report.payload_bytes),
        )))  # fmt: skip
    if report.key_id:
        trust = TRUST.get(report.trust)
        shown = trust() if trust is not None else str(report.trust)
        lines.append("  " + say(SIGNING_KEY(key=report.key_id, trust=shown)))
    lines.extend(f"  {safe(problem.text(language))}" for problem in report.problems)
    lines.extend(
        "  " + say(NOTE(note=safe(render(note, language)))) for note in report.said_notes()
    )
    return "\n".join(lines)
