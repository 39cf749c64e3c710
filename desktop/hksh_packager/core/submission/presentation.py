"""A submission as judges read it: sections of labelled texts, in the order of the form. The app's
Review step and the organisers' view show the same sections; a face only lays them out.

Everything here may come from a stranger's bundle: values are returned as plain text for the face
to escape, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hksh_packager.core.submission.draft import get_value


@dataclass(frozen=True)
class Section:
    heading: str
    rows: tuple[tuple[str, str], ...]  # (label, text); empty texts are left out


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value if item not in (None, ""))
    return "" if value is None else str(value)


def _rows(
    document: dict[str, Any], fields: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    pairs = ((label, _text(get_value(document, pointer))) for label, pointer in fields)
    return tuple((label, text) for label, text in pairs if text)


def _list(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = document.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


_SOLUTION = (
    ("Title", "/title"),
    ("Chinese title", "/title_zh"),
    ("Tagline", "/tagline"),
    ("Challenge", "/challenge"),
    ("Stage", "/stage"),
    ("Submission id", "/submission_id"),
    ("Theme", "/theme"),
    ("Sub-topic", "/subtopic"),
    ("Summary", "/summary"),
    ("Problem", "/problem"),
    ("Solution", "/solution"),
    ("Impact", "/impact"),
    ("Technologies", "/technologies"),
    ("Demo", "/links/demo"),
    ("Repository", "/links/repository"),
    ("Video", "/links/video"),
)
_TEAM = (
    ("Team id", "/team/id"),
    ("Team name", "/team/name"),
    ("Organisation", "/team/organisation"),
    ("City", "/team/city"),
    ("Contact", "/contact/name"),
    ("Contact email", "/contact/email"),
)


def submission_sections(document: dict[str, Any]) -> list[Section]:
    sections = [
        Section("Solution", _rows(document, _SOLUTION)),
        Section("Team", _rows(document, _TEAM)),
    ]
    members = []
    for member in _list(document, "members"):
        details = [_text(member.get(k)) for k in ("role", "affiliation", "email")]
        lead = " (team lead)" if member.get("lead") is True else ""
        members.append((_text(member.get("name")) + lead, " · ".join(d for d in details if d)))
    sections.append(Section("Members", tuple(members)))
    datasets = []
    for entry in _list(document, "datasets"):
        source = _text(entry.get("catalogue_id") or entry.get("schema"))
        city = _text(entry.get("city"))
        where = " · ".join(part for part in (source, city) if part)
        datasets.append((_text(entry.get("file")), f"{where}\n{_text(entry.get('usage'))}".strip()))
    sections.append(Section("Datasets", tuple(datasets)))
    materials = tuple(
        (
            _text(a.get("title")) or _text(a.get("file")),
            f"{_text(a.get('kind'))}: {_text(a.get('file'))}",
        )
        for a in _list(document, "attachments")
    )
    sections.append(Section("Materials", materials))
    return sections
