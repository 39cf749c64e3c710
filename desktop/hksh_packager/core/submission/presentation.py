"""A submission as judges read it: sections of labelled texts, in the order of the form. The app's
Review step and the organisers' view show the same sections; a face only lays them out.

Everything here may come from a stranger's bundle: values are returned as plain text for the face
to escape, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hksh_packager.core.common.messages import ENGLISH, Message, MessageFactory, define
from hksh_packager.core.submission.draft import get_value
from hksh_packager.core.submission.profile import Profile, kind_name, theme_wording


@dataclass(frozen=True)
class Section:
    heading: Message
    rows: tuple[tuple[Message | str, Message | str], ...]  # (label, text); empty texts left out


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value if item not in (None, ""))
    return "" if value is None else str(value)


def _rows(
    document: dict[str, Any], fields: tuple[tuple[MessageFactory, str], ...]
) -> tuple[tuple[Message | str, Message | str], ...]:
    pairs = ((label(), _text(get_value(document, pointer))) for label, pointer in fields)
    return tuple((label, text) for label, text in pairs if text)


def _list(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = document.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


_SOLUTION = (
    (define("judges.title", "Title"), "/title"),
    (define("judges.title-zh", "Chinese title"), "/title_zh"),
    (define("judges.tagline", "Tagline"), "/tagline"),
    (define("judges.challenge", "Challenge"), "/challenge"),
    (define("judges.stage", "Stage"), "/stage"),
    (define("judges.submission-id", "Submission id"), "/submission_id"),
    (define("judges.theme", "Theme"), "/theme"),
    (define("judges.subtopic", "Sub-topic"), "/subtopic"),
    (define("judges.summary", "Summary"), "/summary"),
    (define("judges.problem", "Problem"), "/problem"),
    (define("judges.solution", "Solution"), "/solution"),
    (define("judges.impact", "Impact"), "/impact"),
    (define("judges.technologies", "Technologies"), "/technologies"),
    (define("judges.demo", "Demo"), "/links/demo"),
    (define("judges.repository", "Repository"), "/links/repository"),
    (define("judges.video", "Video"), "/links/video"),
)
_TEAM = (
    (define("judges.team-id", "Team id"), "/team/id"),
    (define("judges.team-name", "Team name"), "/team/name"),
    (define("judges.organisation", "Organisation"), "/team/organisation"),
    (define("judges.city", "City"), "/team/city"),
    (define("judges.contact", "Contact"), "/contact/name"),
    (define("judges.contact-email", "Contact email"), "/contact/email"),
)
SOLUTION = define("judges.section-solution", "Solution")
TEAM = define("judges.section-team", "Team")
MEMBERS = define("judges.section-members", "Members")
DATASETS = define("judges.section-datasets", "Datasets")
MATERIALS = define("judges.section-materials", "Materials")
LEAD = define("judges.team-lead", "{name} (team lead)")
MATERIAL = define("judges.material", "{kind}: {file}")
CITIES = {
    "Hong Kong": define("city.hong-kong", "Hong Kong"),
    "Shanghai": define("city.shanghai", "Shanghai"),
    "Other": define("city.other", "Other"),
}


def _city(value: str) -> Message | str:
    factory = CITIES.get(value)
    return factory() if factory is not None else value


def submission_sections(
    document: dict[str, Any], profile: Profile | None = None, language: str = ENGLISH
) -> list[Section]:
    """The sections judges read; with the submission's `profile`, its theme and sub-topic are
    named in `language` as the profile writes them."""
    theme, subtopic = document.get("theme"), document.get("subtopic")
    if profile is not None and isinstance(theme, str):
        named, topic = theme_wording(
            profile, theme, subtopic if isinstance(subtopic, str) else None, language
        )
        document = {**document, "theme": named, **({"subtopic": topic} if topic else {})}
    team = tuple(
        (label, _city(text) if isinstance(text, str) and label.code == "judges.city" else text)
        for label, text in _rows(document, _TEAM)
        if isinstance(label, Message)
    )
    sections = [Section(SOLUTION(), _rows(document, _SOLUTION)), Section(TEAM(), team)]
    members: list[tuple[Message | str, Message | str]] = []
    for member in _list(document, "members"):
        details = [_text(member.get(k)) for k in ("role", "affiliation", "email")]
        name = _text(member.get("name"))
        shown: Message | str = LEAD(name=name) if member.get("lead") is True else name
        members.append((shown, " · ".join(d for d in details if d)))
    sections.append(Section(MEMBERS(), tuple(members)))
    datasets: list[tuple[Message | str, Message | str]] = []
    for entry in _list(document, "datasets"):
        source = _text(entry.get("catalogue_id") or entry.get("schema"))
        city = _text(entry.get("city"))
        where = " · ".join(part for part in (source, city) if part)
        datasets.append((_text(entry.get("file")), f"{where}\n{_text(entry.get('usage'))}".strip()))
    sections.append(Section(DATASETS(), tuple(datasets)))
    materials = tuple(
        (
            _text(a.get("title")) or _text(a.get("file")),
            MATERIAL(kind=kind_name(_text(a.get("kind"))), file=_text(a.get("file"))),
        )
        for a in _list(document, "attachments")
    )
    sections.append(Section(MATERIALS(), materials))
    return sections
