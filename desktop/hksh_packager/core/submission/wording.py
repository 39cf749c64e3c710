"""Schema errors in submission.json worded for a person: which field (its name, not its JSON
pointer), what is wrong with it and what to do. A missing field is told apart from a wrong one, so a
face can show a draft's empty fields as "incomplete" rather than as mistakes.

The decisions (is the field valid, what is the limit) are the schema's; this module only words
them, from each error's keyword (`validator`), the rule's value (`validator_value`), the value
found (`instance`) and its place (`absolute_path`), never from jsonschema's English message, so a
jsonschema release that rewords its messages changes none of ours. The kind and its numbers are
kept, for faces that word them in another language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from hksh_packager.core.common.jsonpointer import format_pointer

if TYPE_CHECKING:  # jsonschema loads when a document is first checked
    from jsonschema import ValidationError


class IssueKind(StrEnum):
    MISSING = "missing"  # absent or empty: the draft is incomplete here
    TOO_SHORT = "too-short"
    TOO_LONG = "too-long"
    NOT_EMAIL = "not-email"
    NOT_URL = "not-url"
    BAD_FORM = "bad-form"  # a pattern the field must follow
    NOT_A_CHOICE = "not-a-choice"
    NOT_CONFIRMED = "not-confirmed"
    TOO_FEW = "too-few"
    TOO_MANY = "too-many"
    LEAD = "lead"  # not exactly one team lead
    UNKNOWN_FIELD = "unknown-field"
    NEEDS_SCHEMA = "needs-schema"  # a dataset with neither a catalogue entry nor a schema
    WRONG_TYPE = "wrong-type"
    OTHER = "other"


@dataclass(frozen=True)
class FieldError:
    """One schema violation. `pointer` is the field's JSON pointer ("/members/0/email"); for a
    missing field, where it would be. `message` says what is wrong and what to do; `label` names
    the field for a person ("Member 1 email")."""

    pointer: str
    message: str
    kind: IssueKind = IssueKind.OTHER
    label: str = ""
    limit: int | None = None

    @property
    def missing(self) -> bool:
        return self.kind in (IssueKind.MISSING, IssueKind.NEEDS_SCHEMA)

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"

    def for_person(self) -> str:
        """A sentence naming the field: "Team name is required; fill it in"."""
        if not self.label:
            return self.message[:1].upper() + self.message[1:]
        joins_as_verb = self.message.startswith(("is ", "has ", "must ", "more than ", "breaks "))
        return f"{self.label} {self.message}" if joins_as_verb else f"{self.label}: {self.message}"


_LABELS = {
    "": "The submission",
    "/format": "Format",
    "/submission_id": "Submission id",
    "/challenge": "Challenge",
    "/stage": "Stage",
    "/subtopic": "Sub-topic",
    "/contact": "Contact for the upload link",
    "/contact/name": "Contact name",
    "/contact/email": "Contact email",
    "/contact/phone": "Contact phone",
    "/team": "Team",
    "/team/id": "Team id",
    "/team/name": "Team name",
    "/team/organisation": "Organisation",
    "/team/city": "Team city",
    "/members": "Members",
    "/title": "Title (English)",
    "/title_zh": "Title (Chinese)",
    "/tagline": "Tagline",
    "/summary": "Summary",
    "/problem": "Problem",
    "/solution": "Solution",
    "/impact": "Impact",
    "/theme": "Theme",
    "/technologies": "Technologies",
    "/datasets": "Datasets",
    "/links": "Links",
    "/links/demo": "Demo link",
    "/links/repository": "Repository link",
    "/links/video": "Video link",
    "/attachments": "Materials",
    "/declarations": "Declarations",
    "/declarations/originality": "Declaration of originality",
    "/declarations/data_licence_compliance": "Declaration of data licence compliance",
    "/declarations/eligibility": "Declaration of eligibility",
}
_ITEMS = {"members": "Member", "datasets": "Dataset", "attachments": "Material"}
_ITEM_FIELDS = {
    "catalogue_id": "catalogue entry",
    "usage": "how it is used",
    "kind": "kind",
    "lead": "team lead",
}
_ITEM = re.compile(r"^/(members|datasets|attachments|technologies)/(\d+)(?:/(\w+))?$")


def field_label(pointer: str) -> str:
    """The field's name for a person: "Team name", "Member 2 email"."""
    if pointer in _LABELS:
        return _LABELS[pointer]
    match = _ITEM.match(pointer)
    if match is None:
        return pointer
    section, index, name = match.group(1), int(match.group(2)), match.group(3)
    if section == "technologies":
        return f"Technology {index + 1}"
    item = f"{_ITEMS[section]} {index + 1}"
    return f"{item} {_ITEM_FIELDS.get(name, name.replace('_', ' '))}" if name else item


_FORMS = {
    "/submission_id": "use 3 to 64 letters, digits, dots, dashes or underscores, starting with a "
    "letter or digit (for example HKSH2023-T042)",
    "/team/id": "use letters, digits, dots, dashes or underscores, starting with a letter or digit "
    "(for example T042)",
    "/challenge": "must be a challenge id such as hksh-2023",
    "/stage": "must be a stage id such as proposal or final",
    "catalogue_id": "is not a catalogue id (they look like hk.hko.latest-1min-temperature); "
    "choose an entry from the catalogue",
    "pointer": "must be a JSON pointer starting with / (for example /results)",
    "file": "must be a path inside the project folder, written with forward slashes",
    "schema": "must be a path inside the project folder, written with forward slashes",
}
_TYPES = {"string": "text", "array": "a list", "object": "a group of fields", "boolean": "yes/no"}


def _form_message(pointer: str) -> str:
    if pointer in _FORMS:
        return _FORMS[pointer]
    return _FORMS.get(pointer.rsplit("/", 1)[-1], "is not in the expected form")


def _missing(expected: Any, value: Any) -> list[str]:
    """The required properties absent from an object, in the schema's order."""
    present = value if isinstance(value, dict) else {}
    return [name for name in expected if isinstance(name, str) and name not in present]


def _word(error: ValidationError) -> tuple[str, str, IssueKind, int | None]:
    """(pointer, message, kind, limit) for one jsonschema error other than `required`."""
    pointer = format_pointer(error.absolute_path)
    # jsonschema types these as possibly unset; an error from iter_errors always has them.
    keyword: Any = error.validator
    expected: Any = error.validator_value
    value: Any = error.instance
    schema: Any = error.schema
    if keyword == "minLength":
        if value == "":
            return pointer, "is required; fill it in", IssueKind.MISSING, None
        return (
            pointer,
            f"is too short: write at least {expected} characters (now {len(value)})",
            IssueKind.TOO_SHORT,
            expected,
        )
    if keyword == "maxLength":
        return (
            pointer,
            f"is too long: at most {expected} characters (now {len(value)}); shorten it",
            IssueKind.TOO_LONG,
            expected,
        )
    if keyword == "format" and expected == "email":
        return (
            pointer,
            "is not an email address; write it as name@example.org",
            IssueKind.NOT_EMAIL,
            None,
        )
    if keyword == "format" and expected == "uri":
        return (
            pointer,
            "is not a web address; give the whole address, starting with https://",
            IssueKind.NOT_URL,
            None,
        )
    if keyword == "format":
        return pointer, f"is not in the form of {expected}; correct it", IssueKind.BAD_FORM, None
    if keyword == "pattern":
        return pointer, _form_message(pointer), IssueKind.BAD_FORM, None
    if keyword == "enum":
        choices = ", ".join(str(choice) for choice in expected)
        return pointer, f"choose one of: {choices}", IssueKind.NOT_A_CHOICE, None
    if keyword == "const" and expected is True:
        return pointer, "must be confirmed; tick it to confirm", IssueKind.NOT_CONFIRMED, None
    if keyword == "const":
        return pointer, f"must be {expected}", IssueKind.BAD_FORM, None
    if keyword == "minItems":
        what = _ITEMS.get(pointer.lstrip("/"), "entry").lower()
        if not value:
            return pointer, f"add at least {expected} {what}", IssueKind.MISSING, expected
        return pointer, f"add at least {expected} (now {len(value)})", IssueKind.TOO_FEW, expected
    if keyword == "maxItems":
        return (
            pointer,
            f"has too many entries: at most {expected} (now {len(value)})",
            IssueKind.TOO_MANY,
            expected,
        )
    if keyword in ("contains", "minContains") and pointer == "/members":
        return pointer, "mark one member as the team lead", IssueKind.LEAD, None
    if keyword == "maxContains" and pointer == "/members":
        return (
            pointer,
            "more than one member is marked as the team lead; mark exactly one",
            IssueKind.LEAD,
            None,
        )
    if keyword == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))
        return (
            pointer,
            f"has unknown fields ({', '.join(extra)}); remove them",
            IssueKind.UNKNOWN_FIELD,
            None,
        )
    if keyword == "anyOf" and re.fullmatch(r"/datasets/\d+", pointer):
        return (
            f"{pointer}/catalogue_id",
            "choose the catalogue entry this file comes from, or give a custom schema",
            IssueKind.NEEDS_SCHEMA,
            None,
        )
    if keyword == "type":
        wanted = expected if isinstance(expected, str) else expected[0]
        return pointer, f"must be {_TYPES.get(wanted, wanted)}", IssueKind.WRONG_TYPE, None
    # A rule the submission schema does not use today: named, never jsonschema's prose.
    return (
        pointer,
        f"breaks the submission format's rule '{keyword}'; correct it",
        IssueKind.OTHER,
        None,
    )


def word_errors(errors: Iterable[ValidationError]) -> list[FieldError]:
    """Each error as a `FieldError`, in the order given. jsonschema reports one `required` error
    per missing property, all alike but for their English message: the names missing are taken
    from the object and the rule instead, each once, where the first of them is reported."""
    worded: list[FieldError] = []
    objects_seen: set[str] = set()
    for error in errors:
        if error.validator == "required":
            pointer = format_pointer(error.absolute_path)
            if pointer in objects_seen:
                continue
            objects_seen.add(pointer)
            for name in _missing(error.validator_value, error.instance):
                place = f"{pointer}/{name}"
                worded.append(
                    FieldError(
                        place, "is required; fill it in", IssueKind.MISSING, field_label(place)
                    )
                )
            continue
        pointer, message, kind, limit = _word(error)
        worded.append(FieldError(pointer, message, kind, field_label(pointer), limit))
    return worded


def errors_by_field(errors: list[FieldError]) -> dict[str, list[FieldError]]:
    """The errors grouped by the field they concern, for showing each next to its field."""
    grouped: dict[str, list[FieldError]] = {}
    for error in errors:
        grouped.setdefault(error.pointer, []).append(error)
    return grouped
