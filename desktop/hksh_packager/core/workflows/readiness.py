"""Everything that stops a project, or a draft, from being packed: one list for the app's problems
panel and for the CLI's refusal. Each blocker has a stable code, the field it concerns (a JSON
pointer into submission.json) or the file, and a message for a person.

Codes: project.*, submission.* and file.* (core.submission.project), rule.<rule> (the challenge's
profile), profile.unknown, dataset.unknown-catalogue-id, dataset.unchecked, dataset.changed,
dataset.invalid, key.missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from hksh_packager.core.common.bundle_layout import SUBMISSION_MEMBER, bundle_member
from hksh_packager.core.common.errors import HkshError
from hksh_packager.core.common.messages import (
    ENGLISH,
    Message,
    define,
    define_plural,
    message_fields,
    render,
)
from hksh_packager.core.common.paths import catalogue_path, keys_dir
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.signing.team_keys import TEAM_ID_PATTERN, find_team_key
from hksh_packager.core.submission.document import entries
from hksh_packager.core.submission.draft import get_value
from hksh_packager.core.submission.profile import Profile, check_profile, load_profile
from hksh_packager.core.submission.project import PayloadFile, Project, inspect_project
from hksh_packager.core.validation.freshness import DatasetState, dataset_state
from hksh_packager.core.validation.report_format import DatasetValidation, ProjectValidation


class Severity(StrEnum):
    ERROR = "error"  # packing is refused
    WARNING = "warning"  # packing goes ahead; the user should know


UNKNOWN_ENTRY = define(
    "dataset.unknown-catalogue-id", "Dataset {file}: catalogue entry {entry} is not in the "
    "dataset catalogue; choose an entry from the catalogue, or give a custom schema"
)  # fmt: skip
UNCHECKED = define("dataset.unchecked", "Dataset {file} has not been validated yet; validate it")
CHANGED = define(
    "dataset.changed", "Dataset {file} changed since it was validated; validate it again"
)
INVALID_ERRORS = define_plural(
    "dataset.invalid", "Dataset {file} fails validation ({count:,} error); fix the data, or pack "
    "it as declared invalid data", "Dataset {file} fails validation ({count:,} errors); fix the "
    "data, or pack it as declared invalid data",
)  # fmt: skip
INVALID_TABLE = define(
    "dataset.invalid-table", "Dataset {file} fails validation ({problems}); fix the data, or pack "
    "it as declared invalid data"
)  # fmt: skip
A_TABLE_RULE = define("dataset.a-table-rule", "a table rule")


@dataclass(frozen=True)
class Blocker:
    code: str
    message: Message | str
    pointer: str = ""  # the field in submission.json ("/members/0/email"), or ""
    file: str = ""  # the file as submission.json names it, or ""
    severity: Severity = Severity.ERROR
    missing: bool = False  # not filled in or not done yet (a draft's normal state), not a mistake

    def text(self, language: str = ENGLISH) -> str:
        return render(self.message, language)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        """Stable English keys and codes; `message` in English, `text` in `language`."""
        return {
            "code": self.code,
            "message": str(self.message),
            "params": {},
            **message_fields(self.message, language),
            "pointer": self.pointer,
            "file": self.file,
            "severity": str(self.severity),
            "missing": self.missing,
        }


@dataclass(frozen=True)
class Readiness:
    blockers: tuple[Blocker, ...]
    project: Project | None
    profile: Profile | None
    datasets: dict[str, DatasetState] = field(default_factory=dict)  # by file as named

    @property
    def ready(self) -> bool:
        return not any(b.severity == Severity.ERROR for b in self.blockers)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        return {"ready": self.ready, "blockers": [b.to_json(language) for b in self.blockers]}


def check_readiness(
    root: Path,
    *,
    validation: ProjectValidation | None = None,
    profile: Profile | None = None,
    check_key: bool = True,
    allow_invalid: bool = False,
) -> Readiness:
    """What stops the project in `root` from being packed now; a draft gets every blocker it can
    be given. Quick: reads submission.json and the files' sizes, never the data; a dataset counts
    as checked when `validation` holds a result for its file whose size and modification time
    still match. With `allow_invalid`, datasets that fail validation are warnings (they are packed
    as declared invalid data)."""
    inspection = inspect_project(root)
    blockers = [
        Blocker(p.code, p.message, p.pointer, p.file, missing=p.missing)
        for p in inspection.problems
    ]
    project, document = inspection.project, inspection.document
    if not isinstance(document, dict):
        return Readiness(tuple(blockers), None, None)
    try:
        profile = profile or load_profile(document.get("challenge", ""))
    except HkshError as exc:
        blockers.append(Blocker("profile.unknown", exc.said, "/challenge"))
        profile = None
    if profile is not None:
        # The challenge's rules on the document as it is, draft or not: a material the stage
        # refuses is said on its step now, not once the last declaration is ticked.
        blockers += _rule_blockers(Path(root), document, inspection.files, profile)
    unusable = {b.file for b in blockers if b.file}
    states: dict[str, DatasetState] = {}
    for blocker in _dataset_blockers(Path(root), document, validation, unusable, states):
        if allow_invalid and blocker.code == "dataset.invalid":
            blocker = replace(blocker, severity=Severity.WARNING)
        blockers.append(blocker)
    team_id = get_value(document, "/team/id")
    if check_key and isinstance(team_id, str) and TEAM_ID_PATTERN.match(team_id):
        try:
            find_team_key(keys_dir(), team_id)
        except HkshError as exc:
            blockers.append(Blocker("key.missing", exc.said, "/team/id", missing=True))
    return Readiness(tuple(blockers), project, profile, states)


def _rule_blockers(
    root: Path, document: dict[str, Any], files: tuple[PayloadFile, ...], profile: Profile
) -> list[Blocker]:
    from hksh_packager.core.materials.check import check_materials

    by_member = {f.member: f.relative for f in files}
    issues = check_profile(profile, document, {f.member: f.size for f in files})
    # Materials are opened only where the inspection found them, inside the project and readable.
    found = set(by_member.values())
    present = [a for a in entries(document, "attachments", "file") if a["file"] in found]
    issues += check_materials(root, {**document, "attachments": present}, profile)
    return [
        Blocker(
            f"rule.{issue.rule}",
            issue.message,
            pointer=_RULE_POINTERS.get(issue.rule, "") if issue.member == SUBMISSION_MEMBER else "",
            file=by_member.get(issue.member, ""),
            severity=Severity.WARNING if issue.warning else Severity.ERROR,
            missing=issue.missing,
        )
        for issue in issues
    ]


_RULE_POINTERS = {
    "stage": "/stage",
    "themes": "/theme",
    "subtopics": "/subtopic",
    "datasets": "/datasets",
    "materials": "/attachments",
}


def _dataset_blockers(
    root: Path,
    document: dict[str, Any],
    validation: ProjectValidation | None,
    unusable: set[str],
    states: dict[str, DatasetState],
) -> list[Blocker]:
    """Each dataset's state (also put in `states`): unknown catalogue id, not validated, changed
    since, invalid. Files in `unusable` (missing, unreadable) already have their blocker."""
    checked: dict[str, DatasetValidation] = {
        d.member: d for d in (validation.datasets if validation else ())
    }
    blockers = []
    entries = document.get("datasets")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            continue  # the schema's blockers already say what the entry lacks
        if entry["file"] in unusable:
            continue
        pointer = f"/datasets/{index}"
        name = entry["file"]
        shown = escape_text(name)
        catalogue_id = entry.get("catalogue_id")
        if isinstance(catalogue_id, str) and not catalogue_path(catalogue_id).is_file():
            blockers.append(Blocker(
                "dataset.unknown-catalogue-id",
                UNKNOWN_ENTRY(file=shown, entry=escape_text(catalogue_id)),
                f"{pointer}/catalogue_id", name,
            ))  # fmt: skip
            continue
        known = checked.get(bundle_member("datasets", name))
        state = states[name] = dataset_state(root, entry, known)
        if state == DatasetState.NOT_CHECKED:
            blockers.append(Blocker(
                "dataset.unchecked", UNCHECKED(file=shown), f"{pointer}/file", name, missing=True,
            ))  # fmt: skip
        elif state == DatasetState.CHANGED:
            blockers.append(
                Blocker("dataset.changed", CHANGED(file=shown), f"{pointer}/file", name)
            )
        elif state == DatasetState.ERRORS and known is not None:
            blockers.append(
                Blocker("dataset.invalid", _what_failed(shown, known), f"{pointer}/file", name)
            )
    return blockers


def _what_failed(shown: str, known: DatasetValidation) -> Message:
    count = known.result.error_count
    if count:
        return INVALID_ERRORS(file=shown, count=count)
    rules = [p.message for p in known.result.table_problems if not p.warning]
    return INVALID_TABLE(file=shown, problems=rules[:2] or [A_TABLE_RULE()])
