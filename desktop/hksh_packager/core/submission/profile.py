"""Challenge profiles (schemas/profiles/<id>.json): the rules a submission is checked against.

A profile is one edition of the challenge: its themes and sub-topics (in English, traditional and
simplified Chinese), its data rule, and its stages (proposal, final), each with its own materials
(kinds, file types, how many, sizes and video durations where published) and deadline. A
submission names its stage. A rule the organisers did not publish is not in the profile. A later
edition is a new profile file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.common.bundle_layout import SUBMISSION_MEMBER, bundle_member
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.jsonpointer import format_pointer
from hksh_packager.core.common.paths import catalogue_city, schemas_dir
from hksh_packager.core.common.shipped_schemas import shipped_validator
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.submission.document import entries


@dataclass(frozen=True)
class ProfileIssue:
    rule: str
    member: str
    message: str
    missing: bool = False  # something not added yet (a draft's state), rather than a mistake
    warning: bool = False  # a recommendation not followed: said, never refused

    def __str__(self) -> str:
        return f"{self.member}: {self.message}" if self.member else self.message


@dataclass(frozen=True)
class Profile:
    document: dict[str, Any]

    @property
    def id(self) -> str:
        return self.document["id"]

    @property
    def stage_ids(self) -> list[str]:
        return [stage["id"] for stage in self.document["stages"]]

    def stage(self, stage_id: str | None) -> dict[str, Any] | None:
        return next((s for s in self.document["stages"] if s["id"] == stage_id), None)

    def deadline(self, stage_id: str | None) -> datetime | None:
        stage = self.stage(stage_id)
        if stage is None or "deadline" not in stage:
            return None
        return datetime.fromisoformat(stage["deadline"])

    def max_bundle_bytes(self, stage_id: str | None) -> int | None:
        stage = self.stage(stage_id)
        return stage.get("max_bundle_bytes") if stage else None

    def materials(self, stage_id: str | None) -> list[dict[str, Any]]:
        stage = self.stage(stage_id)
        return list(stage["materials"]) if stage else []

    @property
    def themes(self) -> list[dict[str, Any]]:
        return list(self.document["themes"])

    def subtopics(self, theme: str | None) -> list[dict[str, Any]]:
        found = next((t for t in self.themes if t["en"] == theme), None)
        return list(found.get("subtopics", [])) if found else []


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
    stat = path.stat()
    return _load_shipped(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _load_shipped(path: Path, mtime_ns: int, size: int) -> Profile:
    """A shipped profile read and checked once per process (a batch verify names the same
    profile in every bundle); a changed file is read again."""
    return load_profile_file(path)


def _catalogue_city(entry: dict[str, Any]) -> str | None:
    return catalogue_city(entry.get("catalogue_id"))


def _dataset_city(entry: dict[str, Any]) -> str | None:
    """A catalogue id names its city; a custom dataset may say it in 'city'."""
    city = entry.get("city")
    return _catalogue_city(entry) or (city if isinstance(city, str) else None)


def check_profile(
    profile: Profile, submission: dict[str, Any], sizes: dict[str, int]
) -> list[ProfileIssue]:
    """Everything in `submission` and its files (`sizes` by bundle member) that breaks the rules
    of the profile's stage it names; recommendations not followed come as warnings. A draft is
    checked as far as it is written."""
    issues: list[ProfileIssue] = []
    stage_id = submission.get("stage")
    if profile.stage(stage_id) is None:
        issues.append(ProfileIssue(
            "stage", SUBMISSION_MEMBER,
            f"stage {escape_text(str(stage_id))!r} is not one of {profile.id}'s: "
            f"{', '.join(profile.stage_ids)}",
            missing=stage_id is None,
        ))  # fmt: skip
    issues += _check_theme(profile, submission.get("theme"), submission.get("subtopic"))
    issues += _check_datasets(
        profile.document["datasets"], entries(submission, "datasets", "file"), sizes
    )
    issues += _check_materials(
        profile.materials(stage_id), entries(submission, "attachments", "file", "kind"), sizes
    )
    return issues


def _check_theme(profile: Profile, theme: Any, subtopic: Any) -> list[ProfileIssue]:
    names = [t["en"] for t in profile.themes]
    if theme is not None and theme not in names:
        return [ProfileIssue(
            "themes", SUBMISSION_MEMBER,
            f"theme '{escape_text(str(theme))}' is not one of this challenge's: {', '.join(names)}",
        )]  # fmt: skip
    topics = [t["en"] for t in profile.subtopics(theme)]
    if subtopic is not None and subtopic not in topics:
        return [ProfileIssue(
            "subtopics", SUBMISSION_MEMBER,
            f"sub-topic '{escape_text(str(subtopic))}' is not one of theme {theme}'s: "
            f"{', '.join(topics) or 'none'}",
        )]  # fmt: skip
    return []


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
    for city, minimum in rules.get("recommended_per_city", {}).items():
        if cities.count(city) < minimum:
            issues.append(ProfileIssue(
                "datasets", SUBMISSION_MEMBER,
                f"uses {cities.count(city)} {city} datasets; the challenge encourages data from "
                f"both cities (at least {minimum} from {city}), and also accepts other reliable "
                "sources. If one is from there, name its catalogue_id or set its city",
                warning=True,
            ))  # fmt: skip
    for entry in datasets:
        published_in, said = _catalogue_city(entry), entry.get("city")
        if published_in and isinstance(said, str) and said != published_in:
            # The catalogue knows where the data comes from; a city set by hand against it
            # would mislead judges counting each city's data.
            issues.append(ProfileIssue(
                "datasets", bundle_member("datasets", entry["file"]),
                f"is a {published_in} dataset (its catalogue entry {entry['catalogue_id']}), "
                f"but its city is set to {escape_text(said)}; set it to {published_in}",
                warning=True,
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
                f"has no {rule['kind']} attachment; this stage requires one "
                f"({' or '.join(rule['extensions'])})", missing=True,
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
            issues.append(ProfileIssue(
                "materials", member,
                f"kind '{escape_text(str(attachment['kind']))}' is not accepted at this stage",
            ))  # fmt: skip
            continue
        if _suffix(attachment["file"]) not in kind_rule["extensions"]:
            issues.append(ProfileIssue(
                "materials", member,
                f"a {kind_rule['kind']} must be {' or '.join(kind_rule['extensions'])}, not "
                f"{_suffix(attachment['file']) or 'a file without extension'}",
            ))  # fmt: skip
        limit = kind_rule.get("max_bytes")
        if limit and sizes.get(member, 0) > limit:
            issues.append(ProfileIssue(
                "materials", member,
                f"is {sizes[member]} bytes; the limit for {kind_rule['kind']} attachments is "
                f"{limit}",
            ))  # fmt: skip
    return issues


def suggested_kind(profile: Profile | None, stage_id: str | None, name: str) -> str:
    """The material kind a file most likely is, by the first of the stage's kinds that takes its
    type ("other" when none does)."""
    suffix = _suffix(name)
    for rule in profile.materials(stage_id) if profile else ():
        if suffix in rule["extensions"]:
            return str(rule["kind"])
    return "other"


def is_late(profile: Profile, stage_id: str | None, bagging_date: date) -> bool:
    deadline = profile.deadline(stage_id)
    return deadline is not None and bagging_date > deadline.date()
