"""The materials of a project checked for what they are, against the stage its submission names.

Reads each proposal, slide deck, video and image (headers and structure, not every frame), in a
child process under a time and memory budget (`inspect_materials`); a result is kept for a file
whose size and modification time are unchanged, so the app can ask again after every edit at no
cost.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from hksh_packager.core.common.bundle_layout import bundle_member
from hksh_packager.core.materials.inspect import Material, inspect_materials
from hksh_packager.core.materials.rules import material_problems
from hksh_packager.core.submission.document import entries
from hksh_packager.core.submission.profile import Profile, ProfileIssue

INSPECTED_KINDS = ("proposal", "slides", "video", "image")

_cache: dict[tuple[str, int, int], Material] = {}
_lock = threading.Lock()


def _key(path: Path) -> tuple[str, int, int]:
    stat = Path(path).stat()
    return (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


def inspect_cached(paths: list[Path]) -> list[Material]:
    """`inspect_materials`, each result remembered while its file's size and time stay the
    same; the files not seen before are read together, in one child process."""
    keys = [_key(path) for path in paths]
    with _lock:
        known = {key: _cache[key] for key in keys if key in _cache}
    missing = [(key, path) for key, path in zip(keys, paths, strict=True) if key not in known]
    if missing:
        found = inspect_materials([path for _, path in missing])
        with _lock:
            for (key, _), material in zip(missing, found, strict=True):
                _cache[key] = known[key] = material
    return [known[key] for key in keys]


def inspected_attachments(
    submission: dict[str, Any], profile: Profile
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(attachment, its stage rule) for each attachment whose kind is opened to be checked; an
    unknown kind has its own problem already."""
    rules = {rule["kind"]: rule for rule in profile.materials(submission.get("stage"))}
    return [
        (attachment, rules[attachment["kind"]])
        for attachment in entries(submission, "attachments", "file", "kind")
        if attachment["kind"] in INSPECTED_KINDS and attachment["kind"] in rules
    ]


def check_materials(root: Path, submission: dict[str, Any], profile: Profile) -> list[ProfileIssue]:
    """Every attachment of a checked kind that is not what its stage wants."""
    present = [
        (attachment, rule)
        for attachment, rule in inspected_attachments(submission, profile)
        if (Path(root) / attachment["file"]).is_file()  # a missing file has its own problem
    ]
    materials = inspect_cached([Path(root) / attachment["file"] for attachment, _ in present])
    issues = []
    for (attachment, rule), material in zip(present, materials, strict=True):
        member = bundle_member("attachments", attachment["file"])
        for problem in material_problems(material, attachment["file"], rule):
            issues.append(ProfileIssue("materials", member, problem))
    return issues


def describe_materials(root: Path, submission: dict[str, Any]) -> dict[str, Material]:
    """What each attachment is, by file as named, for a face to show."""
    named = [
        attachment["file"]
        for attachment in entries(submission, "attachments", "file")
        if (Path(root) / attachment["file"]).is_file()
    ]
    return dict(zip(named, inspect_cached([Path(root) / n for n in named]), strict=True))
