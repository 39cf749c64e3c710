"""A submission being written: a project folder whose submission.json may be incomplete.

The app edits the document field by field (a JSON pointer and a value) and saves it atomically as
the user types; an empty text removes the field, so a draft on disk never holds "" where the schema
wants text. A new project starts empty or as a copy of the shipped sample.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from hksh_packager.core.common.atomic import atomic_writer, write_bytes_atomic
from hksh_packager.core.common.errors import (
    UNREADABLE_FILE,
    InputError,
    Remedy,
    SubmissionParseError,
)
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.paths import catalogue_city, resources_dir
from hksh_packager.core.common.portable_names import folded, portable_name
from hksh_packager.core.submission.document import FILE_NAME, parse_submission
from hksh_packager.core.submission.profile import load_profile, shipped_profiles

FORMAT = "hksh-submission/1"
MAX_DRAFT_BYTES = 1 << 20  # the verifier's limit for a bundled submission.json


IS_A_FILE = define("draft.is-a-file", "{folder} is a file; choose a folder")
NOT_EMPTY = define(
    "draft.not-empty", "{folder} is not empty; a new project needs an empty folder (or open the "
    "project that is there)"
)  # fmt: skip
TOO_LARGE = define(
    "draft.too-large", "{file} is larger than 1 MiB; it is not a submission description"
)
NO_SUBMISSION = define(
    "draft.no-submission", "{folder} holds no submission.json; open a project folder, or create "
    "a new project"
)  # fmt: skip
NOT_JSON = define(
    "draft.not-json", "{file}: {problem}; fix it in a text editor, or start a new project"
)
NOT_AN_OBJECT = define(
    "draft.not-an-object", "{file} is not a JSON object; it is not a submission description"
)
NOT_A_FILE = define("draft.not-a-file", "{file} is not a file; choose a file")


def empty_submission(challenge: str | None = None, stage: str | None = None) -> dict[str, Any]:
    """The start of a submission: what the schema fixes, the challenge (the latest when none is
    named) and its stage (its first when none is named), one member who leads, nothing else."""
    known = shipped_profiles()
    challenge = challenge or (list(known)[-1] if known else "")
    stages = load_profile(challenge).stage_ids if challenge in known else []
    return {
        "format": FORMAT,
        "challenge": challenge,
        "stage": stage or (stages[0] if stages else ""),
        "team": {},
        "members": [{"lead": True}],
        "datasets": [],
        "attachments": [],
        "declarations": {},
    }


def _check_new_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputError(IS_A_FILE(folder=str(folder)), remedy=Remedy.CHOOSE_OUTPUT)
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(
            NOT_EMPTY(folder=str(folder)),
            remedy=Remedy.CHOOSE_OUTPUT,
        )


def create_project(
    folder: Path,
    *,
    from_sample: bool = False,
    challenge: str | None = None,
    stage: str | None = None,
) -> Path:
    """Start a project in `folder` (new, or empty) for `challenge` at `stage` (the latest edition's
    first stage when not named): an empty draft, or a copy of the sample for the team to make its
    own, so its declarations are cleared (the team makes them) and its edition and stage are the
    ones chosen. The shipped sample itself stays complete."""
    folder = Path(folder)
    _check_new_folder(folder)
    if not from_sample:
        folder.mkdir(parents=True, exist_ok=True)
        save_draft(folder, empty_submission(challenge, stage))
        return folder
    shutil.copytree(resources_dir() / "sample", folder, dirs_exist_ok=True)
    document = load_draft(folder)
    start = empty_submission(challenge or document.get("challenge"), stage)
    if challenge or stage:
        document["challenge"], document["stage"] = start["challenge"], start["stage"]
    document["declarations"] = {}
    save_draft(folder, document)
    return folder


def load_draft(folder: Path) -> dict[str, Any]:
    """The document in `folder`/submission.json, complete or not. InputError when the folder
    holds none, or when it is not a JSON object a person could go on editing."""
    path = Path(folder) / FILE_NAME
    try:
        if path.stat().st_size > MAX_DRAFT_BYTES:
            raise InputError(TOO_LARGE(file=str(path)))
        document = parse_submission(path.read_bytes())
    except FileNotFoundError:
        raise InputError(
            NO_SUBMISSION(folder=str(folder)),
            remedy=Remedy.FIX_SUBMISSION,
        ) from None
    except OSError as exc:
        raise InputError(UNREADABLE_FILE(file=str(path), reason=exc.strerror or str(exc))) from None
    except SubmissionParseError as exc:
        raise InputError(
            NOT_JSON(file=str(path), problem=exc.said),
            remedy=Remedy.FIX_SUBMISSION,
        ) from None
    if not isinstance(document, dict):
        raise InputError(NOT_AN_OBJECT(file=str(path)))
    return document


def draft_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def save_draft(folder: Path, document: dict[str, Any]) -> None:
    """Write submission.json atomically: a crash leaves the previous version whole."""
    write_bytes_atomic(Path(folder) / FILE_NAME, draft_bytes(document))


def _tokens(pointer: str) -> list[str]:
    if pointer and not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def get_value(document: Any, pointer: str, default: Any = None) -> Any:
    """The value at `pointer`, or `default` where the draft does not have it yet."""
    node = document
    for token in _tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


def with_value(document: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """A copy of `document` with `value` at `pointer`, creating the objects on the way; an empty
    value (None, "", [], {}) removes an object's field instead. List items are set in place."""
    result = copy.deepcopy(document)
    tokens = _tokens(pointer)
    if not tokens:
        raise ValueError("the whole document cannot be replaced field by field")
    node: Any = result
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node.setdefault(token, {})
    last = tokens[-1]
    if isinstance(node, list):
        node[int(last)] = value
    elif _is_empty(value):
        node.pop(last, None)
    else:
        node[last] = value
    return result


def with_catalogue_entry(document: dict[str, Any], index: int, entry_id: str) -> dict[str, Any]:
    """Dataset `index` checked against catalogue entry `entry_id` (no custom schema), its city
    the one the entry's data comes from."""
    document = with_value(document, f"/datasets/{index}/schema", None)
    document = with_value(document, f"/datasets/{index}/catalogue_id", entry_id)
    city = catalogue_city(entry_id)
    return with_value(document, f"/datasets/{index}/city", city) if city else document


def with_theme(document: dict[str, Any], theme: str | None, subtopics: list[str]) -> dict[str, Any]:
    """A copy with `theme` chosen; its sub-topic is kept only when it is one of `subtopics` (the
    new theme's)."""
    result = with_value(document, "/theme", theme)
    if result.get("subtopic") not in subtopics:
        result.pop("subtopic", None)
    return result


def with_item(document: dict[str, Any], key: str, item: dict[str, Any]) -> dict[str, Any]:
    """A copy with `item` appended to the list `key` ("members", "datasets", "attachments")."""
    result = copy.deepcopy(document)
    items = result.get(key)
    result[key] = [*(items if isinstance(items, list) else []), item]
    return result


def without_item(document: dict[str, Any], key: str, index: int) -> dict[str, Any]:
    result = copy.deepcopy(document)
    del result[key][index]
    return result


def with_item_moved(document: dict[str, Any], key: str, index: int, to: int) -> dict[str, Any]:
    """A copy with item `index` of the list `key` moved to position `to` (clamped)."""
    result = copy.deepcopy(document)
    items = result[key]
    to = max(0, min(to, len(items) - 1))
    items.insert(to, items.pop(index))
    return result


def with_lead(document: dict[str, Any], index: int) -> dict[str, Any]:
    """A copy where member `index` is the team's one lead."""
    result = copy.deepcopy(document)
    for position, member in enumerate(result.get("members", [])):
        if not isinstance(member, dict):
            continue
        if position == index:
            member["lead"] = True
        else:
            member.pop("lead", None)
    return result


def bring_into_project(root: Path, source: Path, folder: str) -> str:
    """The path, relative to the project, under which submission.json names `source`: its own
    when it is inside the project, else that of a copy made in `folder` under a name every system
    holds alike (portable_names.portable_name), never overwriting a different file whose name is
    the same once case and Unicode form are folded, as Windows and macOS fold them."""
    root, source = Path(root).resolve(), Path(source).resolve()
    if not source.is_file():
        raise InputError(NOT_A_FILE(file=str(source)), remedy=Remedy.FIX_FILE)
    if source.is_relative_to(root):
        return source.relative_to(root).as_posix()
    target_dir = root / folder
    target_dir.mkdir(parents=True, exist_ok=True)
    name = Path(portable_name(source.name))
    taken = {folded(p.name): p for p in target_dir.iterdir()}
    target = target_dir / name
    counter = 2
    while folded(target.name) in taken:
        same = taken[folded(target.name)]
        if (
            same.is_file()
            and same.stat().st_size == source.stat().st_size
            and (same.read_bytes() == source.read_bytes())
        ):
            return same.relative_to(root).as_posix()
        target = target_dir / f"{name.stem}-{counter}{name.suffix}"
        counter += 1
    copy_file_atomic(source, target)
    return target.relative_to(root).as_posix()


def copy_file_atomic(source: Path, target: Path) -> None:
    """Copy a file so that `target` is whole or absent, even after a crash."""
    with source.open("rb") as reader, atomic_writer(target) as writer:
        shutil.copyfileobj(reader, writer, 1 << 20)
