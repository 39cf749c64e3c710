"""Everything that stops a project, or a draft, from being packed: one list for the app's problems
panel and for the CLI's refusal. Each blocker has a stable code, the field it concerns (a JSON
pointer into submission.json) or the file, and a message for a person.

Codes: project.*, submission.* and file.* (core.submission.project), rule.<rule> (the challenge's
profile), profile.unknown, dataset.unknown-catalogue-id, dataset.unchecked, dataset.changed,
dataset.invalid, key.missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from hksh_packager.core.bundle.layout import SUBMISSION_MEMBER, bundle_member
from hksh_packager.core.bundle.report_format import DatasetValidation, ProjectValidation
from hksh_packager.core.catalogue.lookup import catalogue_path
from hksh_packager.core.common.errors import HkshError
from hksh_packager.core.common.paths import keys_dir
from hksh_packager.core.signing.team_keys import find_team_key
from hksh_packager.core.submission.profile import Profile, check_profile, load_profile
from hksh_packager.core.submission.project import Project, inspect_project


class Severity(StrEnum):
    ERROR = "error"  # packing is refused
    WARNING = "warning"  # packing goes ahead; the user should know


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    pointer: str = ""  # the field in submission.json ("/members/0/email"), or ""
    file: str = ""  # the file as submission.json names it, or ""
    severity: Severity = Severity.ERROR

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "pointer": self.pointer,
            "file": self.file,
            "severity": str(self.severity),
        }


@dataclass(frozen=True)
class Readiness:
    blockers: tuple[Blocker, ...]
    project: Project | None
    profile: Profile | None

    @property
    def ready(self) -> bool:
        return not any(b.severity == Severity.ERROR for b in self.blockers)

    def to_json(self) -> dict[str, Any]:
        return {"ready": self.ready, "blockers": [b.to_json() for b in self.blockers]}


def check_readiness(
    root: Path,
    *,
    validation: ProjectValidation | None = None,
    profile: Profile | None = None,
    check_key: bool = True,
) -> Readiness:
    """What stops the project in `root` from being packed now. Quick: reads submission.json and
    the files' sizes, never the data; a dataset counts as checked when `validation` holds a
    result for its file whose size and modification time still match."""
    inspection = inspect_project(root)
    blockers = [Blocker(p.code, p.message, p.pointer, p.file) for p in inspection.problems]
    project = inspection.project
    if project is None:
        return Readiness(tuple(blockers), None, None)
    try:
        profile = profile or load_profile(project.submission["challenge"])
    except HkshError as exc:
        blockers.append(Blocker("profile.unknown", str(exc), "/challenge"))
        profile = None
    if profile is not None:
        blockers += _rule_blockers(project, profile)
    blockers += _dataset_blockers(project, validation)
    if check_key:
        try:
            find_team_key(keys_dir(), project.team_id)
        except HkshError as exc:
            blockers.append(Blocker("key.missing", str(exc), "/team/id"))
    return Readiness(tuple(blockers), project, profile)


def _rule_blockers(project: Project, profile: Profile) -> list[Blocker]:
    by_member = {f.member: f.relative for f in project.files}
    issues = check_profile(profile, project.submission, {f.member: f.size for f in project.files})
    return [
        Blocker(
            f"rule.{issue.rule}",
            str(issue),
            pointer=_RULE_POINTERS.get(issue.rule, "") if issue.member == SUBMISSION_MEMBER else "",
            file=by_member.get(issue.member, ""),
        )
        for issue in issues
    ]


_RULE_POINTERS = {"themes": "/theme", "datasets": "/datasets", "materials": "/attachments"}


def _dataset_blockers(project: Project, validation: ProjectValidation | None) -> list[Blocker]:
    checked: dict[str, DatasetValidation] = {
        d.member: d for d in (validation.datasets if validation else ())
    }
    blockers = []
    for index, entry in enumerate(project.submission["datasets"]):
        pointer = f"/datasets/{index}"
        name = entry["file"]
        catalogue_id = entry.get("catalogue_id")
        if catalogue_id is not None and not catalogue_path(catalogue_id).is_file():
            blockers.append(Blocker(
                "dataset.unknown-catalogue-id",
                f"dataset {name}: catalogue id {catalogue_id} is not in the dataset catalogue; "
                "choose an entry from the catalogue, or give a custom schema",
                f"{pointer}/catalogue_id", name,
            ))  # fmt: skip
            continue
        result = checked.get(bundle_member("datasets", name))
        if result is None:
            blockers.append(Blocker(
                "dataset.unchecked", f"dataset {name} has not been validated yet; validate it",
                f"{pointer}/file", name,
            ))  # fmt: skip
        elif not result.fingerprint.looks_unchanged(project.root / name):
            blockers.append(Blocker(
                "dataset.changed", f"dataset {name} changed since it was validated; validate it "
                "again", f"{pointer}/file", name,
            ))  # fmt: skip
        elif not result.result.valid:
            blockers.append(Blocker(
                "dataset.invalid",
                f"dataset {name} fails validation ({result.result.error_count:,} errors); fix the "
                "data, or pack it as declared invalid data",
                f"{pointer}/file", name,
            ))  # fmt: skip
    return blockers
