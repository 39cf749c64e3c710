"""The materials of a project checked for what they are, against the stage its submission names.

Reads each proposal, slide deck, video and image (headers and structure, not every frame); a
result is kept for a file whose size and modification time are unchanged, so the app can ask again
after every edit at no cost.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from hksh_packager.core.common.bundle_layout import bundle_member
from hksh_packager.core.materials.inspect import Material, inspect_material
from hksh_packager.core.materials.rules import material_problems
from hksh_packager.core.submission.profile import Profile, ProfileIssue

INSPECTED_KINDS = ("proposal", "slides", "video", "image")

_cache: dict[tuple[str, int, int], Material] = {}
_lock = threading.Lock()


def inspect_cached(path: Path) -> Material:
    """`inspect_material`, remembered while the file's size and time stay the same."""
    stat = Path(path).stat()
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
    with _lock:
        found = _cache.get(key)
    if found is None:
        found = inspect_material(path)
        with _lock:
            _cache[key] = found
    return found


def inspected_attachments(
    submission: dict[str, Any], profile: Profile
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(attachment, its stage rule) for each attachment whose kind is opened to be checked; an
    unknown kind has its own problem already."""
    rules = {rule["kind"]: rule for rule in profile.materials(submission.get("stage"))}
    return [
        (attachment, rules[attachment["kind"]])
        for attachment in submission.get("attachments", [])
        if attachment.get("kind") in INSPECTED_KINDS and attachment["kind"] in rules
    ]


def check_materials(root: Path, submission: dict[str, Any], profile: Profile) -> list[ProfileIssue]:
    """Every attachment of a checked kind that is not what its stage wants."""
    issues = []
    for attachment, rule in inspected_attachments(submission, profile):
        path = Path(root) / attachment["file"]
        if not path.is_file():
            continue  # a missing file has its own problem already
        member = bundle_member("attachments", attachment["file"])
        for problem in material_problems(inspect_cached(path), attachment["file"], rule):
            issues.append(ProfileIssue("materials", member, problem))
    return issues


def describe_materials(root: Path, submission: dict[str, Any]) -> dict[str, Material]:
    """What each attachment is, by file as named, for a face to show."""
    found = {}
    for attachment in submission.get("attachments", []):
        path = Path(root) / attachment.get("file", "")
        if isinstance(attachment.get("file"), str) and path.is_file():
            found[attachment["file"]] = inspect_cached(path)
    return found
