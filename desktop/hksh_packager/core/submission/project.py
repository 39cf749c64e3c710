"""A project folder: submission.json and the files it names, resolved to what goes in a bundle.

`inspect_project` reads a folder that may hold a draft (incomplete, or naming files not there yet)
and collects every problem with its code, field and file; `load_project` is the strict form that
packing uses, raising the problems as one error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.common.bundle_layout import bundle_member
from hksh_packager.core.common.errors import (
    UNREADABLE_FILE,
    InputError,
    Remedy,
    SubmissionParseError,
)
from hksh_packager.core.common.messages import Message, define, define_plural
from hksh_packager.core.common.portable_names import folded, part_problem
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.submission.document import (
    FILE_NAME,
    check_submission,
    named_files,
    parse_submission,
)


@dataclass(frozen=True)
class PayloadFile:
    """A file to bundle: `member` is its path inside the bag ("data/datasets/x.csv"), `relative`
    its path as submission.json names it."""

    member: str
    source: Path
    size: int
    relative: str = ""
    section: str = ""


@dataclass(frozen=True)
class Project:
    root: Path
    submission: dict[str, Any]
    submission_bytes: bytes
    files: tuple[PayloadFile, ...]

    @property
    def submission_id(self) -> str:
        return str(self.submission["submission_id"])

    @property
    def team_id(self) -> str:
        return str(self.submission["team"]["id"])


NOT_REGULAR = define("file.not-regular", "{file} is not a regular file; name a file instead")
MISSING_FILE = define(
    "file.missing", "{file} is named in submission.json but does not exist in the project folder; "
    "put the file there or correct the name"
)  # fmt: skip
NO_PERMISSION = define(
    "file.no-permission", "{file} cannot be read (permission denied); fix its permissions"
)
OUTSIDE = define("file.outside", "{file} lies outside the project folder {folder}; move it inside")
RENAME = define("file.rename", "{problem}; rename the file")
CLASH = define(
    "file.clash", "{first} and {second} would be one file on Windows and macOS (their names "
    "differ only by case or accents); rename one"
)  # fmt: skip
NOT_A_FOLDER = define(
    "project.not-a-folder", "{folder} is not a folder; choose the folder that holds submission.json"
)
NO_SUBMISSION = define(
    "submission.missing", "{file} is missing; a project folder holds submission.json"
)
NOT_JSON = define("submission.not-json", "{file}: {problem}")
SCHEMA_ERRORS = define(
    "submission.schema-errors", "{file} does not match the submission schema; fix these fields:"
)
AND_MORE = define_plural("list.and-more", "... and {count} more", "... and {count} more")


@dataclass(frozen=True)
class ProjectProblem:
    """Something that stops a project from being packed.

    `code` is stable, for faces to act on ("submission.schema", "file.missing"...); `pointer` is
    the JSON pointer of the field in submission.json it concerns ("" for none); `file` the file it
    concerns, as submission.json names it ("" for none).
    """

    code: str
    message: Message
    pointer: str = ""
    file: str = ""
    missing: bool = False  # something a draft has not filled in yet, rather than a mistake


@dataclass(frozen=True)
class ProjectInspection:
    """What a project folder holds now. `project` is set only when nothing stops packing."""

    root: Path
    document: Any
    problems: tuple[ProjectProblem, ...]
    project: Project | None
    # The files the document names that exist and can be read, also for a draft: what the
    # challenge's rules are checked on before the whole document is right.
    files: tuple[PayloadFile, ...] = ()


def _stat_readable(path: Path, shown: str) -> tuple[int | None, ProjectProblem | None]:
    """The file's size, or the problem that stops it from being read."""
    try:
        if not path.is_file():
            if path.exists():
                return None, ProjectProblem("file.not-regular", NOT_REGULAR(file=shown))
            return None, ProjectProblem("file.missing", MISSING_FILE(file=shown))
        with path.open("rb") as handle:  # opening proves it is readable now, not just present
            handle.read(1)
        return path.stat().st_size, None
    except PermissionError:
        return None, ProjectProblem("file.unreadable", NO_PERMISSION(file=shown))
    except OSError as exc:
        said = UNREADABLE_FILE(file=shown, reason=exc.strerror or str(exc))
        return None, ProjectProblem("file.unreadable", said)


def _named_file_pointer(document: dict[str, Any], section: str, relative: str) -> str:
    lists = {"datasets": ("datasets", "file"), "schemas": ("datasets", "schema")}
    key, field = lists.get(section, ("attachments", "file"))
    for index, entry in enumerate(document.get(key, [])):
        if isinstance(entry, dict) and entry.get(field) == relative:
            return f"/{key}/{index}/{field}"
    return ""


def _inspect_files(
    root: Path, document: dict[str, Any]
) -> tuple[dict[str, PayloadFile], list[ProjectProblem]]:
    files: dict[str, PayloadFile] = {}
    folded_members: dict[str, PayloadFile] = {}
    problems: list[ProjectProblem] = []
    resolved_root = root.resolve()
    for section, relative in named_files(document):
        source = root / relative
        shown = escape_text(relative)  # as the team knows it, in its folder
        pointer = _named_file_pointer(document, section, relative)
        if not os.path.realpath(source).startswith(str(resolved_root) + os.sep):
            problems.append(ProjectProblem(
                "file.outside", OUTSIDE(file=shown, folder=str(root)), pointer, relative,
            ))  # fmt: skip
            continue
        size, problem = _stat_readable(source, shown)
        if problem is not None:
            problems.append(ProjectProblem(problem.code, problem.message, pointer, relative))
            continue
        member = bundle_member(section, relative)
        unportable = part_problem(PurePosixPath(member).name)
        if unportable is not None:
            problems.append(ProjectProblem(
                "file.name", RENAME(problem=unportable), pointer, relative,
            ))  # fmt: skip
            continue
        previous = files.get(member) or folded_members.get(folded(member))
        if previous is not None and previous.source.resolve() != source.resolve():
            said = CLASH(first=escape_text(previous.relative), second=shown)
            problems.append(ProjectProblem("file.clash", said, pointer, relative))
            continue
        files[member] = PayloadFile(member, source, size or 0, relative, section)
        folded_members[folded(member)] = files[member]
    return files, problems


def inspect_project(root: Path) -> ProjectInspection:
    """Read a project folder and collect every problem; never raises for what a draft may lack."""
    root = Path(root)
    if not root.is_dir():
        problem = ProjectProblem("project.not-a-folder", NOT_A_FOLDER(folder=str(root)))
        return ProjectInspection(root, None, (problem,), None)
    submission_path = root / FILE_NAME
    try:
        raw = submission_path.read_bytes()
        document = parse_submission(raw)
    except FileNotFoundError:
        problem = ProjectProblem("submission.missing", NO_SUBMISSION(file=str(submission_path)))
        return ProjectInspection(root, None, (problem,), None)
    except OSError as exc:
        said = UNREADABLE_FILE(file=str(submission_path), reason=exc.strerror or str(exc))
        problem = ProjectProblem("submission.unreadable", said)
        return ProjectInspection(root, None, (problem,), None)
    except SubmissionParseError as exc:
        said = NOT_JSON(file=str(submission_path), problem=exc.said)
        problem = ProjectProblem("submission.not-json", said)
        return ProjectInspection(root, None, (problem,), None)
    errors = check_submission(document)
    problems = [
        ProjectProblem("submission.schema", error.message, error.pointer, "", error.missing)
        for error in errors
    ]
    if not isinstance(document, dict):
        return ProjectInspection(root, document, tuple(problems), None)
    # A draft's files are checked too, except those whose names the schema already refuses.
    refused = {error.pointer for error in errors}
    files, file_problems = _inspect_files(root, document)
    problems += [p for p in file_problems if p.pointer not in refused]
    found = tuple(sorted(files.values(), key=lambda f: f.member))
    if problems:
        return ProjectInspection(root, document, tuple(problems), None, found)
    project = Project(
        root=root,
        submission=document,
        submission_bytes=raw,
        files=tuple(sorted(files.values(), key=lambda f: f.member)),
    )
    return ProjectInspection(root, document, (), project, found)


def load_project(root: Path) -> Project:
    """Read and check a project folder; raise InputError naming what to fix."""
    inspection = inspect_project(root)
    if inspection.project is not None:
        return inspection.project
    problems = inspection.problems
    if problems[0].code == "submission.schema":
        listed: list[Message] = [p.message for p in problems[:20]]
        if len(problems) > 20:
            listed.append(AND_MORE(count=len(problems) - 20))
        raise InputError(
            SCHEMA_ERRORS(file=str(Path(root) / FILE_NAME)),
            remedy=Remedy.FIX_SUBMISSION,
            listed=listed,
        )
    remedy = Remedy.FIX_FILE if problems[0].file else Remedy.FIX_SUBMISSION
    raise InputError(problems[0].message, remedy=remedy, listed=[p.message for p in problems[1:]])
