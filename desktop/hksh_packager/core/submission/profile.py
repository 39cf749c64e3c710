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
from hksh_packager.core.common.messages import (
    ENGLISH,
    HONG_KONG,
    SHANGHAI,
    Message,
    define,
    define_plural,
    either,
)
from hksh_packager.core.common.paths import catalogue_city, schemas_dir
from hksh_packager.core.common.shipped_schemas import shipped_validator
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.submission.document import entries


@dataclass(frozen=True)
class ProfileIssue:
    """One rule of the challenge broken. `member` is the bundle member it concerns; `message`
    names the file as the team knows it."""

    rule: str
    member: str
    message: Message
    missing: bool = False  # something not added yet (a draft's state), rather than a mistake
    warning: bool = False  # a recommendation not followed: said, never refused

    @property
    def said(self) -> Message:
        return self.message

    def text(self, language: str = ENGLISH) -> str:
        return self.message.render(language)

    def __str__(self) -> str:
        return str(self.message)


# A material's kind, as the profiles name them, for a person.
KINDS = {
    "proposal": define("kind.proposal", "proposal"),
    "slides": define("kind.slides", "slides"),
    "video": define("kind.video", "video"),
    "image": define("kind.image", "image"),
    "source": define("kind.source", "source code"),
    "other": define("kind.other", "other"),
}
KIND_OTHER = define("kind.named", "'{kind}' material")


def kind_name(kind: str) -> Message:
    factory = KINDS.get(kind)
    return factory() if factory is not None else KIND_OTHER(kind=escape_text(kind))


STAGE_UNKNOWN = define("rule.stage", "Stage '{stage}' is not one of {profile}'s: {stages}")
STAGE_MISSING = define("rule.stage-missing", "Choose the stage of {profile}: {stages}")
THEME_UNKNOWN = define("rule.theme", "Theme '{theme}' is not one of this challenge's: {themes}")
SUBTOPIC_UNKNOWN = define(
    "rule.subtopic", "Sub-topic '{subtopic}' is not one of theme {theme}'s: {subtopics}"
)
SUBTOPIC_NONE = define("rule.subtopic-none", "Theme {theme} has no sub-topics; clear the sub-topic")
TOO_FEW_DATASETS = define_plural(
    "rule.datasets-min", "The submission names {count} dataset; this challenge asks for at least "
    "{minimum}", "The submission names {count} datasets; this challenge asks for at least "
    "{minimum}",
)  # fmt: skip
FEW_FROM_CITY = {
    "Hong Kong": define_plural(
        "rule.datasets-hong-kong", "The submission uses {count} Hong Kong dataset; the challenge "
        "encourages data from both cities (at least {minimum} from Hong Kong), and also accepts "
        "other reliable sources. If one is from there, choose its catalogue entry or set its city",
        "The submission uses {count} Hong Kong datasets; the challenge encourages data from both "
        "cities (at least {minimum} from Hong Kong), and also accepts other reliable sources. If "
        "one is from there, choose its catalogue entry or set its city"),
    "Shanghai": define_plural(
        "rule.datasets-shanghai", "The submission uses {count} Shanghai dataset; the challenge "
        "encourages data from both cities (at least {minimum} from Shanghai), and also accepts "
        "other reliable sources. If one is from there, choose its catalogue entry or set its city",
        "The submission uses {count} Shanghai datasets; the challenge encourages data from both "
        "cities (at least {minimum} from Shanghai), and also accepts other reliable sources. If "
        "one is from there, choose its catalogue entry or set its city"),
}  # fmt: skip
CITY_AGAINST_CATALOGUE = {
    "Hong Kong": define(
        "rule.city-hong-kong", "{file} is a Hong Kong dataset (its catalogue entry {entry}), but "
        "its city is set to {city}; set it to Hong Kong"),
    "Shanghai": define(
        "rule.city-shanghai", "{file} is a Shanghai dataset (its catalogue entry {entry}), but its "
        "city is set to {city}; set it to Shanghai"),
}  # fmt: skip
DATASET_TOO_LARGE = define(
    "rule.dataset-size", "{file} is {size} bytes; the limit for a dataset is {limit} bytes"
)
MATERIAL_REQUIRED = define(
    "rule.material-required", "Add the {kind}: this stage requires one ({extensions})"
)
TOO_MANY_MATERIALS = define_plural(
    "rule.material-count", "There are {count} materials of kind {kind}; at most {limit} is allowed",
    "There are {count} materials of kind {kind}; at most {limit} are allowed", count="limit",
)  # fmt: skip
KIND_REFUSED = define(
    "rule.material-kind", "{file}: the kind '{kind}' is not accepted at this stage; choose another"
)
WRONG_EXTENSION = define(
    "rule.material-extension", "{file}: a file of kind {kind} must be {extensions} at this stage, "
    "not {suffix}; export it in one of those formats"
)  # fmt: skip
NO_EXTENSION = define(
    "rule.material-no-extension", "{file}: a file of kind {kind} must be {extensions} at this "
    "stage, and this file has no extension; export it in one of those formats"
)  # fmt: skip
MATERIAL_TOO_LARGE = define(
    "rule.material-size",
    "{file} is {size} bytes; the limit for a file of kind {kind} is {limit} bytes",
)


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
        said = (
            STAGE_MISSING(profile=profile.id, stages=profile.stage_ids)
            if stage_id is None
            else STAGE_UNKNOWN(
                stage=escape_text(str(stage_id)), profile=profile.id, stages=profile.stage_ids
            )
        )
        issues.append(ProfileIssue("stage", SUBMISSION_MEMBER, said, missing=stage_id is None))
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
        said = THEME_UNKNOWN(theme=escape_text(str(theme)), themes=names)
        return [ProfileIssue("themes", SUBMISSION_MEMBER, said)]
    topics = [t["en"] for t in profile.subtopics(theme)]
    if subtopic is not None and subtopic not in topics:
        said = (
            SUBTOPIC_UNKNOWN(subtopic=escape_text(str(subtopic)), theme=theme, subtopics=topics)
            if topics
            else SUBTOPIC_NONE(theme=theme)
        )
        return [ProfileIssue("subtopics", SUBMISSION_MEMBER, said)]
    return []


def _check_datasets(
    rules: dict[str, Any], datasets: list[dict[str, Any]], sizes: dict[str, int]
) -> list[ProfileIssue]:
    issues = []
    if len(datasets) < rules["min_total"]:
        too_few = TOO_FEW_DATASETS(count=len(datasets), minimum=rules["min_total"])
        issues.append(ProfileIssue("datasets", SUBMISSION_MEMBER, too_few, missing=True))
    cities = [_dataset_city(entry) for entry in datasets]
    for city, minimum in rules.get("recommended_per_city", {}).items():
        if cities.count(city) < minimum and city in FEW_FROM_CITY:
            few = FEW_FROM_CITY[city](count=cities.count(city), minimum=minimum)
            issues.append(ProfileIssue("datasets", SUBMISSION_MEMBER, few, warning=True))
    for entry in datasets:
        published_in, said = _catalogue_city(entry), entry.get("city")
        if (
            published_in in CITY_AGAINST_CATALOGUE
            and isinstance(said, str)
            and said != published_in
        ):
            # The catalogue knows where the data comes from; a city set by hand against it
            # would mislead judges counting each city's data.
            message = CITY_AGAINST_CATALOGUE[published_in](
                file=escape_text(entry["file"]), entry=entry["catalogue_id"], city=escape_text(said)
            )
            member = bundle_member("datasets", entry["file"])
            issues.append(ProfileIssue("datasets", member, message, warning=True))
    limit = rules.get("max_file_bytes")
    for entry in datasets:
        member = bundle_member("datasets", entry["file"])
        if limit and sizes.get(member, 0) > limit:
            said = DATASET_TOO_LARGE(
                file=escape_text(entry["file"]), size=sizes[member], limit=limit
            )
            issues.append(ProfileIssue("datasets", member, said))
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
        kind = kind_name(rule["kind"])
        if rule["required"] and not count:
            said = MATERIAL_REQUIRED(kind=kind, extensions=either(rule["extensions"]))
            issues.append(ProfileIssue("materials", SUBMISSION_MEMBER, said, missing=True))
        if count > rule.get("max_count", count):
            said = TOO_MANY_MATERIALS(count=count, kind=kind, limit=rule["max_count"])
            issues.append(ProfileIssue("materials", SUBMISSION_MEMBER, said))
    for attachment in attachments:
        member = bundle_member("attachments", attachment["file"])
        kind_rule = by_kind.get(attachment["kind"])
        shown = escape_text(attachment["file"])
        if kind_rule is None:
            said = KIND_REFUSED(file=shown, kind=escape_text(str(attachment["kind"])))
            issues.append(ProfileIssue("materials", member, said))
            continue
        kind, suffix = kind_name(kind_rule["kind"]), _suffix(attachment["file"])
        if suffix not in kind_rule["extensions"]:
            wanted = either(kind_rule["extensions"])
            said = (
                WRONG_EXTENSION(file=shown, kind=kind, extensions=wanted, suffix=suffix)
                if suffix
                else NO_EXTENSION(file=shown, kind=kind, extensions=wanted)
            )
            issues.append(ProfileIssue("materials", member, said))
        limit = kind_rule.get("max_bytes")
        if limit and sizes.get(member, 0) > limit:
            said = MATERIAL_TOO_LARGE(file=shown, size=sizes[member], kind=kind, limit=limit)
            issues.append(ProfileIssue("materials", member, said))
    return issues


# The profiles' key for each Chinese script: a text's field "title" is "title_zh_hant" in it, a
# name's "en" is "zh_hant".
_SCRIPT = {HONG_KONG: "zh_hant", SHANGHAI: "zh_hans"}


def _in_script(item: dict[str, Any], field: str, language: str) -> str:
    """`item[field]` as the profile writes it in `language`'s script, English where it has none."""
    script = _SCRIPT.get(language)
    found = item.get(f"{field}_{script}") if script else None
    return str(found or item.get(field, ""))


def stage_wording(stage: dict[str, Any], language: str = ENGLISH) -> tuple[str, str]:
    """A stage's title and description in `language`, as the profile writes them (English where
    it has no text in that script)."""
    return _in_script(stage, "title", language), _in_script(stage, "description", language)


def theme_wording(
    profile: Profile, theme: str, subtopic: str | None = None, language: str = ENGLISH
) -> tuple[str, str | None]:
    """A theme and sub-topic as the submission stores them (their English names), named in
    `language` as the profile writes them; a name the profile does not know stays as given."""
    key = _SCRIPT.get(language, "en")
    found = next((t for t in profile.themes if t["en"] == theme), None)
    if found is None:
        return theme, subtopic
    topic = next((s for s in found.get("subtopics", []) if s["en"] == subtopic), None)
    return str(found.get(key, theme)), (str(topic.get(key, subtopic)) if topic else subtopic)


def eligibility_wording(profile: Profile, language: str = ENGLISH) -> str:
    """Who may enter, as the profile says it in `language` (English where it has no text in that
    script): what the eligibility declaration confirms."""
    return _in_script(profile.document, "eligibility", language)


def suggested_submission_id(challenge: str, team_id: str) -> str:
    """The submission id the sample's convention gives a team's entry: the challenge's id without
    its hyphens, upper-cased, then the team id ("hksh-2025", "T042": "HKSH2025-T042")."""
    prefix = challenge.replace("-", "").upper() or "HKSH"
    return f"{prefix}-{team_id}"


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
