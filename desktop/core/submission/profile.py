"""Challenge profiles (schemas/profiles/<id>.json): the rules a submission is checked against.

Materials (attachment kinds: required or not, file types, size limits, how many), themes, datasets
(how many, and how many from each city), file and bundle size limits, and the deadline. A later
challenge is a new profile file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.bundle.layout import SUBMISSION_MEMBER, bundle_member
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.jsonpointer import format_pointer
from hksh_packager.core.common.paths import schemas_dir
from hksh_packager.core.common.shipped_schemas import shipped_validator
from hksh_packager.core.common.textsafety import escape_text


@dataclass(frozen=True)
class ProfileIssue:
    rule: str
    member: str
    message: str
    missing: bool = False  # something not added yet (a draft's state), rather than a mistake

    def __str__(self) -> str:
        return f"{self.member}: {self.message}" if self.member else self.message


@dataclass(frozen=True)
class Profile:
    document: dict[str, Any]

    @property
    def id(self) -> str:
        return self.document["id"]

    @property
    def deadline(self) -> datetime:
        return datetime.fromisoformat(self.document["submission_deadline"])

    @property
    def max_bundle_bytes(self) -> int:
        return self.document["max_bundle_bytes"]


def load_profile_file(path: Path) -> Profile:
    try:
        document = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"profile {path} cannot be read: {exc}") from None
    errors = sorted(
        shipped_validator("challenge-profile.schema.json").iter_errors(document),
        key=lambda e: list(e.path),
    )
    if errors:
        pointer = format_pointer(errors[0].absolute_path) or "/"
        raise InputError(f"profile {path}: at {pointer}: {errors[0].message}")
    return Profile(document)


# A profile id is an identifier, never a path: it is looked up among the shipped profiles only.
PROFILE_ID = re.compile(r"^[a-z0-9][a-z0-9.-]{0,63}$")


def shipped_profiles() -> dict[str, Path]:
    """The profiles this version ships, by id."""
    return {p.stem: p for p in sorted((schemas_dir() / "profiles").glob("*.json"))}


def load_profile(challenge: str) -> Profile:
    """The shipped profile with this id; `challenge` may come from a stranger's bundle."""
    known = shipped_profiles()
    path = (
        known.get(challenge) if isinstance(challenge, str) and PROFILE_ID.match(challenge) else None
    )
    if path is None:
        shown = challenge if isinstance(challenge, str) else repr(challenge)
        raise InputError(
            f"no profile for challenge {escape_text(shown[:80])!r} (known: {', '.join(known)}); "
            "check 'challenge' in submission.json",
            remedy=Remedy.FIX_SUBMISSION,
        )
    return load_profile_file(path)


def _dataset_city(entry: dict[str, Any]) -> str | None:
    """A catalogue id names its city ("hk." or "sh."); a custom dataset may say it in 'city'."""
    prefix = entry.get("catalogue_id", "").split(".", 1)[0]
    return {"hk": "Hong Kong", "sh": "Shanghai"}.get(prefix) or entry.get("city")


def check_profile(
    profile: Profile, submission: dict[str, Any], sizes: dict[str, int]
) -> list[ProfileIssue]:
    """Everything in `submission` and its files (`sizes` by bundle member) that breaks the
    profile's rules."""
    issues: list[ProfileIssue] = []
    rules = profile.document
    theme = submission.get("theme")
    if theme is not None and theme not in rules["themes"]:
        issues.append(ProfileIssue(
            "themes", SUBMISSION_MEMBER,
            f"theme '{theme}' is not one of this challenge's: {', '.join(rules['themes'])}",
        ))  # fmt: skip
    issues += _check_datasets(rules["datasets"], submission.get("datasets", []), sizes)
    issues += _check_materials(rules["materials"], submission.get("attachments", []), sizes)
    return issues


def _check_datasets(
    rules: dict[str, Any], datasets: list[dict[str, Any]], sizes: dict[str, int]
) -> list[ProfileIssue]:
    issues = []
    if len(datasets) < rules["min_total"]:
        issues.append(ProfileIssue(
            "datasets", SUBMISSION_MEMBER,
            f"names {len(datasets)} datasets; this challenge asks for at least "
            f"{rules['min_total']}", missing=True,
        ))  # fmt: skip
    cities = [_dataset_city(entry) for entry in datasets]
    for city, minimum in rules["min_per_city"].items():
        if cities.count(city) < minimum:
            issues.append(ProfileIssue(
                "datasets", SUBMISSION_MEMBER,
                f"uses {cities.count(city)} {city} datasets; at least {minimum} needed (name a "
                f"catalogue_id, or set 'city' on a custom dataset)", missing=True,
            ))  # fmt: skip
    limit = rules.get("max_file_bytes")
    for entry in datasets:
        member = bundle_member("datasets", entry["file"])
        if limit and sizes.get(member, 0) > limit:
            issues.append(ProfileIssue(
                "datasets", member, f"is {sizes[member]} bytes; the limit for a dataset is {limit}",
            ))  # fmt: skip
    return issues


def _suffix(name: str) -> str:
    lower = PurePosixPath(name).name.lower()
    return ".tar.gz" if lower.endswith(".tar.gz") else PurePosixPath(lower).suffix


def _check_materials(
    rules: list[dict[str, Any]], attachments: list[dict[str, Any]], sizes: dict[str, int]
) -> list[ProfileIssue]:
    issues = []
    by_kind = {rule["kind"]: rule for rule in rules}
    for rule in rules:
        count = sum(1 for a in attachments if a["kind"] == rule["kind"])
        if rule["required"] and not count:
            issues.append(ProfileIssue(
                "materials", SUBMISSION_MEMBER,
                f"has no {rule['kind']} attachment; this challenge requires one "
                f"({', '.join(rule['extensions'])})", missing=True,
            ))  # fmt: skip
        if count > rule.get("max_count", count):
            issues.append(ProfileIssue(
                "materials", SUBMISSION_MEMBER,
                f"has {count} {rule['kind']} attachments; at most {rule['max_count']} allowed",
            ))  # fmt: skip
    for attachment in attachments:
        member = bundle_member("attachments", attachment["file"])
        kind_rule = by_kind.get(attachment["kind"])
        if kind_rule is None:
            issues.append(
                ProfileIssue("materials", member, f"kind '{attachment['kind']}' is not accepted")
            )
            continue
        if _suffix(attachment["file"]) not in kind_rule["extensions"]:
            issues.append(ProfileIssue(
                "materials", member,
                f"a {kind_rule['kind']} must be {' or '.join(kind_rule['extensions'])}, not "
                f"{_suffix(attachment['file']) or 'a file without extension'}",
            ))  # fmt: skip
        if sizes.get(member, 0) > kind_rule["max_bytes"]:
            issues.append(ProfileIssue(
                "materials", member,
                f"is {sizes[member]} bytes; the limit for {kind_rule['kind']} attachments is "
                f"{kind_rule['max_bytes']}",
            ))  # fmt: skip
    return issues


def suggested_kind(profile: Profile | None, name: str) -> str:
    """The material kind a file most likely is, by the first of the profile's kinds that takes
    its type ("other" when none does)."""
    suffix = _suffix(name)
    for rule in profile.document["materials"] if profile else ():
        if suffix in rule["extensions"]:
            return str(rule["kind"])
    return "other"


def is_late(profile: Profile, bagging_date: date) -> bool:
    return bagging_date > profile.deadline.date()
