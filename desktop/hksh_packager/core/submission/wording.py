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
from hksh_packager.core.common.messages import (
    ENGLISH,
    Message,
    MessageFactory,
    define,
    define_plural,
)

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
    missing field, where it would be. `message` says, naming the field, what is wrong and what to
    do ("Member 1 email is required; fill it in"); `label` names the field ("Member 1 email")."""

    pointer: str
    message: Message
    kind: IssueKind = IssueKind.OTHER
    label: Message | None = None
    limit: int | None = None

    @property
    def missing(self) -> bool:
        return self.kind in (IssueKind.MISSING, IssueKind.NEEDS_SCHEMA)

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"

    def for_person(self, language: str = ENGLISH) -> str:
        """The sentence in `language`: "Team name is required; fill it in"."""
        return self.message.render(language)


_LABELS = {
    "": define("field.submission", "The submission"),
    "/format": define("field.format", "Format"),
    "/submission_id": define("field.submission-id", "Submission id"),
    "/challenge": define("field.challenge", "Challenge"),
    "/stage": define("field.stage", "Stage"),
    "/subtopic": define("field.subtopic", "Sub-topic"),
    "/contact": define("field.contact", "Contact for the upload link"),
    "/contact/name": define("field.contact-name", "Contact name"),
    "/contact/email": define("field.contact-email", "Contact email"),
    "/contact/phone": define("field.contact-phone", "Contact phone"),
    "/team": define("field.team", "Team"),
    "/team/id": define("field.team-id", "Team id"),
    "/team/name": define("field.team-name", "Team name"),
    "/team/organisation": define("field.team-organisation", "Organisation"),
    "/team/city": define("field.team-city", "Team city"),
    "/members": define("field.members", "Members"),
    "/title": define("field.title", "Title (English)"),
    "/title_zh": define("field.title-zh", "Title (Chinese)"),
    "/tagline": define("field.tagline", "Tagline"),
    "/summary": define("field.summary", "Summary"),
    "/problem": define("field.problem", "Problem"),
    "/solution": define("field.solution", "Solution"),
    "/impact": define("field.impact", "Impact"),
    "/theme": define("field.theme", "Theme"),
    "/technologies": define("field.technologies", "Technologies"),
    "/datasets": define("field.datasets", "Datasets"),
    "/links": define("field.links", "Links"),
    "/links/demo": define("field.links-demo", "Demo link"),
    "/links/repository": define("field.links-repository", "Repository link"),
    "/links/video": define("field.links-video", "Video link"),
    "/attachments": define("field.attachments", "Materials"),
    "/declarations": define("field.declarations", "Declarations"),
    "/declarations/originality": define("field.declaration-originality",
                                         "Declaration of originality"),
    "/declarations/data_licence_compliance": define("field.declaration-licence",
                                                    "Declaration of data licence compliance"),
    "/declarations/eligibility": define("field.declaration-eligibility",
                                        "Declaration of eligibility"),
}  # fmt: skip
# A field of a numbered item, as one name each ("Member 2 email"): the number is a parameter.
_ITEM_FIELDS = {
    ("members", None): define("field.member", "Member {number}"),
    ("members", "name"): define("field.member-name", "Member {number} name"),
    ("members", "email"): define("field.member-email", "Member {number} email"),
    ("members", "role"): define("field.member-role", "Member {number} role"),
    ("members", "affiliation"): define("field.member-affiliation",
                                       "Member {number} affiliation"),
    ("members", "lead"): define("field.member-lead", "Member {number} team lead"),
    ("datasets", None): define("field.dataset", "Dataset {number}"),
    ("datasets", "file"): define("field.dataset-file", "Dataset {number} file"),
    ("datasets", "catalogue_id"): define("field.dataset-catalogue-id",
                                         "Dataset {number} catalogue entry"),
    ("datasets", "usage"): define("field.dataset-usage", "Dataset {number} how it is used"),
    ("datasets", "title"): define("field.dataset-title", "Dataset {number} title"),
    ("datasets", "city"): define("field.dataset-city", "Dataset {number} city"),
    ("datasets", "schema"): define("field.dataset-schema", "Dataset {number} schema"),
    ("datasets", "pointer"): define("field.dataset-pointer", "Dataset {number} records pointer"),
    ("datasets", "encoding"): define("field.dataset-encoding", "Dataset {number} encoding"),
    ("datasets", "sheet"): define("field.dataset-sheet", "Dataset {number} sheet"),
    ("attachments", None): define("field.material", "Material {number}"),
    ("attachments", "file"): define("field.material-file", "Material {number} file"),
    ("attachments", "kind"): define("field.material-kind", "Material {number} kind"),
    ("attachments", "title"): define("field.material-title", "Material {number} title"),
    ("technologies", None): define("field.technology", "Technology {number}"),
}  # fmt: skip
_ITEM_OTHER = define("field.item-other", "{item}, field {name}")
_ITEM = re.compile(r"^/(members|datasets|attachments|technologies)/(\d+)(?:/(\w+))?$")
_ANY_FIELD = define("field.pointer", "Field {pointer}")


def field_label(pointer: str) -> Message:
    """The field's name for a person: "Team name", "Member 2 email"."""
    if pointer in _LABELS:
        return _LABELS[pointer]()
    match = _ITEM.match(pointer)
    if match is None:
        return _ANY_FIELD(pointer=pointer)
    section, number, name = match.group(1), int(match.group(2)) + 1, match.group(3)
    named = _ITEM_FIELDS.get((section, name))
    if named is not None:
        return named(number=number)
    item = _ITEM_FIELDS[(section, None)](number=number)
    return _ITEM_OTHER(item=item, name=name) if name else item


MISSING = define("field.missing", "{field} is required; fill it in")
TOO_SHORT = define_plural(
    "field.too-short", "{field} is too short: write at least {limit} character (now {count})",
    "{field} is too short: write at least {limit} characters (now {count})", count="limit",
)  # fmt: skip
TOO_LONG = define_plural(
    "field.too-long", "{field} is too long: at most {limit} character (now {count}); shorten it",
    "{field} is too long: at most {limit} characters (now {count}); shorten it", count="limit",
)  # fmt: skip
NOT_EMAIL = define(
    "field.not-email", "{field} is not an email address; write it as name@example.org"
)
NOT_URL = define(
    "field.not-url", "{field} is not a web address; give the whole address, starting with https://"
)
BAD_FORMAT = define("field.bad-format", "{field} is not in the form of {format}; correct it")
NOT_A_CHOICE = define("field.not-a-choice", "{field}: choose one of {choices}")
NOT_CONFIRMED = define("field.not-confirmed", "{field} must be confirmed; tick it to confirm")
MUST_BE = define("field.must-be", "{field} must be {value}")
ADD_AT_LEAST = {
    "/members": define_plural("field.add-members", "{field}: add at least {limit} member",
                              "{field}: add at least {limit} members", count="limit"),
    "/datasets": define_plural("field.add-datasets", "{field}: add at least {limit} dataset",
                               "{field}: add at least {limit} datasets", count="limit"),
    "/attachments": define_plural("field.add-materials", "{field}: add at least {limit} material",
                                  "{field}: add at least {limit} materials", count="limit"),
}  # fmt: skip
ADD_AT_LEAST_OTHER = define_plural(
    "field.add-entries", "{field}: add at least {limit} entry",
    "{field}: add at least {limit} entries", count="limit",
)  # fmt: skip
TOO_FEW = define_plural(
    "field.too-few", "{field}: add at least {limit} (now {count})",
    "{field}: add at least {limit} (now {count})", count="limit",
)  # fmt: skip
TOO_MANY = define_plural(
    "field.too-many", "{field} has too many entries: at most {limit} (now {count})",
    "{field} has too many entries: at most {limit} (now {count})", count="limit",
)  # fmt: skip
NO_LEAD = define("field.no-lead", "{field}: mark one member as the team lead")
TWO_LEADS = define(
    "field.two-leads", "{field}: more than one member is marked as the team lead; mark exactly one"
)
UNKNOWN_FIELDS = define("field.unknown-fields", "{field} has unknown fields ({names}); remove them")
NEEDS_SCHEMA = define(
    "field.needs-schema",
    "{field}: choose the catalogue entry this file comes from, or give a custom schema",
)
WRONG_TYPE = {
    "string": define("field.must-be-text", "{field} must be text"),
    "array": define("field.must-be-list", "{field} must be a list"),
    "object": define("field.must-be-group", "{field} must be a group of fields"),
    "boolean": define("field.must-be-yes-no", "{field} must be yes or no"),
}
WRONG_TYPE_OTHER = define("field.must-be-type", "{field} must be of JSON type {type}")
BREAKS_RULE = define(
    "field.breaks-rule", "{field} breaks the submission format's rule '{rule}'; correct it"
)

_FORM_PATH = define(
    "field.form-path", "{field} must be a path inside the project folder, written with forward "
    "slashes"
)  # fmt: skip
_FORMS = {
    "/submission_id": define(
        "field.form-submission-id", "{field}: use 3 to 64 letters, digits, dots, dashes or "
        "underscores, starting with a letter or digit (for example HKSH2023-T042)"),
    "/team/id": define(
        "field.form-team-id", "{field}: use letters, digits, dots, dashes or underscores, starting "
        "with a letter or digit (for example T042)"),
    "/challenge": define("field.form-challenge",
                         "{field} must be a challenge id such as hksh-2023"),
    "/stage": define("field.form-stage", "{field} must be a stage id such as proposal or final"),
    "catalogue_id": define(
        "field.form-catalogue-id", "{field} is not a catalogue id (they look like "
        "hk.hko.latest-1min-temperature); choose an entry from the catalogue"),
    "pointer": define("field.form-pointer",
                      "{field} must be a JSON pointer starting with / (for example /results)"),
    "file": _FORM_PATH,
    "schema": _FORM_PATH,
}  # fmt: skip
_FORM_OTHER = define("field.form-other", "{field} is not in the expected form; correct it")


def _form_message(pointer: str) -> MessageFactory:
    if pointer in _FORMS:
        return _FORMS[pointer]
    return _FORMS.get(pointer.rsplit("/", 1)[-1], _FORM_OTHER)


def _missing(expected: Any, value: Any) -> list[str]:
    """The required properties absent from an object, in the schema's order."""
    present = value if isinstance(value, dict) else {}
    return [name for name in expected if isinstance(name, str) and name not in present]


def _word(error: ValidationError) -> tuple[str, Message, IssueKind, int | None]:
    """(pointer, message, kind, limit) for one jsonschema error other than `required`."""
    pointer = format_pointer(error.absolute_path)
    # jsonschema types these as possibly unset; an error from iter_errors always has them.
    keyword: Any = error.validator
    expected: Any = error.validator_value
    value: Any = error.instance
    schema: Any = error.schema
    label = field_label(pointer)
    if keyword == "minLength":
        if value == "":
            return pointer, MISSING(field=label), IssueKind.MISSING, None
        said = TOO_SHORT(field=label, limit=expected, count=len(value))
        return pointer, said, IssueKind.TOO_SHORT, expected
    if keyword == "maxLength":
        said = TOO_LONG(field=label, limit=expected, count=len(value))
        return pointer, said, IssueKind.TOO_LONG, expected
    if keyword == "format" and expected == "email":
        return pointer, NOT_EMAIL(field=label), IssueKind.NOT_EMAIL, None
    if keyword == "format" and expected == "uri":
        return pointer, NOT_URL(field=label), IssueKind.NOT_URL, None
    if keyword == "format":
        return pointer, BAD_FORMAT(field=label, format=expected), IssueKind.BAD_FORM, None
    if keyword == "pattern":
        return pointer, _form_message(pointer)(field=label), IssueKind.BAD_FORM, None
    if keyword == "enum":
        choices = [str(choice) for choice in expected]
        return pointer, NOT_A_CHOICE(field=label, choices=choices), IssueKind.NOT_A_CHOICE, None
    if keyword == "const" and expected is True:
        return pointer, NOT_CONFIRMED(field=label), IssueKind.NOT_CONFIRMED, None
    if keyword == "const":
        return pointer, MUST_BE(field=label, value=expected), IssueKind.BAD_FORM, None
    if keyword == "minItems":
        if not value:
            said = ADD_AT_LEAST.get(pointer, ADD_AT_LEAST_OTHER)(field=label, limit=expected)
            return pointer, said, IssueKind.MISSING, expected
        said = TOO_FEW(field=label, limit=expected, count=len(value))
        return pointer, said, IssueKind.TOO_FEW, expected
    if keyword == "maxItems":
        said = TOO_MANY(field=label, limit=expected, count=len(value))
        return pointer, said, IssueKind.TOO_MANY, expected
    if keyword in ("contains", "minContains") and pointer == "/members":
        return pointer, NO_LEAD(field=label), IssueKind.LEAD, None
    if keyword == "maxContains" and pointer == "/members":
        return pointer, TWO_LEADS(field=label), IssueKind.LEAD, None
    if keyword == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))
        return pointer, UNKNOWN_FIELDS(field=label, names=extra), IssueKind.UNKNOWN_FIELD, None
    if keyword == "anyOf" and re.fullmatch(r"/datasets/\d+", pointer):
        place = f"{pointer}/catalogue_id"
        return place, NEEDS_SCHEMA(field=field_label(place)), IssueKind.NEEDS_SCHEMA, None
    if keyword == "type":
        wanted = expected if isinstance(expected, str) else expected[0]
        said = (
            WRONG_TYPE[wanted](field=label)
            if wanted in WRONG_TYPE
            else WRONG_TYPE_OTHER(field=label, type=wanted)
        )
        return pointer, said, IssueKind.WRONG_TYPE, None
    # A rule the submission schema does not use today: named, never jsonschema's prose.
    return pointer, BREAKS_RULE(field=label, rule=keyword), IssueKind.OTHER, None


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
                label = field_label(place)
                worded.append(FieldError(place, MISSING(field=label), IssueKind.MISSING, label))
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
