"""The bundled submission.json: its schema, and agreement with bag-info.txt and the payload."""

from __future__ import annotations

from typing import Any

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.bundle_layout import (
    REPORT_MEMBER,
    SUBMISSION_MEMBER,
    bundle_member,
    catalogue_schema_member,
    is_payload,
)
from hksh_packager.core.common.errors import MemberError, SubmissionParseError
from hksh_packager.core.common.messages import define
from hksh_packager.core.submission.document import check_submission, named_files, parse_submission
from hksh_packager.core.verify.report import Check
from hksh_packager.core.verify.state import VerifyState

MAX_SUBMISSION_SIZE = 1 << 20

# Said of submission.json, or of the member named.
MISSING = define("bundled.submission-missing", "is missing; every bundle has it")
FIELD = define("bundled.field", "field {pointer}: {problem}")
DISAGREES = define("bundled.disagrees", "{field} is {value} but bag-info.txt {label} is {found}")
NOT_IN_BUNDLE = define(
    "bundled.not-in-bundle",
    "is named in submission.json ({section}: {file}) but is not in the bundle",
)
UNNAMED = define(
    "bundled.unnamed", "is in the bundle but submission.json does not name it; a bundle holds only "
    "the files its submission names"
)  # fmt: skip


def check_bundled_submission(
    state: VerifyState, info: bag.ParsedBagInfo | None
) -> dict[str, Any] | None:
    """Check submission.json; return it when it is usable for the checks that follow."""
    member = state.members.get(SUBMISSION_MEMBER)
    if member is None:
        state.problem(Check.SUBMISSION, SUBMISSION_MEMBER, MISSING())
        return None
    try:
        document = parse_submission(state.archive.read(member, MAX_SUBMISSION_SIZE))
    except MemberError as exc:
        state.problem(Check.ARCHIVE, SUBMISSION_MEMBER, exc.said)
        return None
    except SubmissionParseError as exc:
        state.problem(Check.SUBMISSION, SUBMISSION_MEMBER, exc.said)
        return None
    errors = check_submission(document)
    for error in errors:
        problem = FIELD(pointer=error.pointer or "/", problem=error.message)
        state.problem(Check.SUBMISSION, SUBMISSION_MEMBER, problem)
    if errors:
        return None
    if info is not None:
        pairs = (
            (document["submission_id"], "External-Identifier", "submission_id"),
            (document["team"]["id"], "HKSH-Team-Id", "team.id"),
        )
        for value, label, field_name in pairs:
            if info.first(label) and value != info.first(label):
                state.problem(
                    Check.SUBMISSION,
                    SUBMISSION_MEMBER,
                    DISAGREES(field=field_name, value=value, label=label, found=info.first(label)),
                )
    for section, relative in named_files(document):
        expected = bundle_member(section, relative)
        if expected not in state.members:
            state.problem(
                Check.SUBMISSION,
                expected,
                NOT_IN_BUNDLE(section=section, file=relative),
            )
    _unnamed_payload(state, document)
    return document


def _unnamed_payload(state: VerifyState, document: dict[str, Any]) -> None:
    """A payload file submission.json does not name: judges would never see it, and an
    extractor may write it over one that was checked (proposal.pdf;1 over proposal.pdf)."""
    named = {SUBMISSION_MEMBER, REPORT_MEMBER}
    named |= {bundle_member(section, relative) for section, relative in named_files(document)}
    named |= {
        catalogue_schema_member(entry["catalogue_id"])
        for entry in document.get("datasets", [])
        if isinstance(entry, dict) and isinstance(entry.get("catalogue_id"), str)
    }
    for name in sorted(state.members):
        if is_payload(name) and not name.endswith("/") and name not in named:
            state.problem(
                Check.SUBMISSION,
                name,
                UNNAMED(),
            )
