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
from hksh_packager.core.common.errors import InputError, Remedy, SubmissionParseError
from hksh_packager.core.common.portable_names import folded, part_problem
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


@dataclass(frozen=True)
class ProjectProblem:
    """Something that stops a project from being packed.

    `code` is stable, for faces to act on ("submission.schema", "file.missing"...); `pointer` is
    the JSON pointer of the field in submission.json it concerns ("" for none); `file` the file it
    concerns, as submission.json names it ("" for none).
    """

    code: str
    message: str
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
                return None, ProjectProblem(
                    "file.not-regular", f"{shown} is not a regular file; name a file instead"
                )
            return None, ProjectProblem(
                "file.missing",
                f"{shown} is named in submission.json but does not exist; put the file there or "
                "correct the path",
            )
        with path.open("rb") as handle:  # opening proves it is readable now, not just present
            handle.read(1)
        return path.stat().st_size, None
    except PermissionError:
        return None, ProjectProblem(
            "file.unreadable", f"{shown} cannot be read (permission denied); fix its permissions"
        )
    except OSError as exc:
        return None, ProjectProblem(
            "file.unreadable", f"{shown} cannot be read: {exc.strerror or exc}"
        )


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
        shown = f"{source} ({section})"
        pointer = _named_file_pointer(document, section, relative)
        if not os.path.realpath(source).startswith(str(resolved_root) + os.sep):
            problems.append(ProjectProblem(
                "file.outside", f"{shown} lies outside the project folder {root}; move it inside",
                pointer, relative,
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
                "file.name", f"{shown}: its name {unportable}; rename the file", pointer, relative,
            ))  # fmt: skip
            continue
        previous = files.get(member) or folded_members.get(folded(member))
        if previous is not None and previous.source.resolve() != source.resolve():
            problems.append(ProjectProblem(
                "file.clash",
                f"{previous.source} and {source} would both be bundled as {member} (names that "
                "differ only by case or accents are one file on Windows and macOS); rename one",
                pointer, relative,
            ))  # fmt: skip
            continue
        files[member] = PayloadFile(member, source, size or 0, relative, section)
        folded_members[folded(member)] = files[member]
    return files, problems


def inspect_project(root: Path) -> ProjectInspection:
    """Read a project folder and collect every problem; never raises for what a draft may lack."""
    root = Path(root)
    if not root.is_dir():
        problem = ProjectProblem(
            "project.not-a-folder",
            f"{root} is not a folder; give the folder that holds {FILE_NAME}",
        )
        return ProjectInspection(root, None, (problem,), None)
    submission_path = root / FILE_NAME
    try:
        raw = submission_path.read_bytes()
        document = parse_submission(raw)
    except FileNotFoundError:
        problem = ProjectProblem(
            "submission.missing",
            f"{submission_path} is missing; a project folder holds {FILE_NAME}",
        )
        return ProjectInspection(root, None, (problem,), None)
    except OSError as exc:
        problem = ProjectProblem(
            "submission.unreadable",
            f"{submission_path} cannot be read: {exc.strerror or exc}",
        )
        return ProjectInspection(root, None, (problem,), None)
    except SubmissionParseError as exc:
        problem = ProjectProblem("submission.not-json", f"{submission_path} {exc}")
        return ProjectInspection(root, None, (problem,), None)
    errors = check_submission(document)
    problems = [
        ProjectProblem("submission.schema", error.for_person(), error.pointer, "", error.missing)
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
        listed = "\n".join(f"  {p.pointer or '/'}: {p.message}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise InputError(
            f"{Path(root) / FILE_NAME} does not match the submission schema; fix these fields:\n"
            f"{listed}{more}",
            remedy=Remedy.FIX_SUBMISSION,
        )
    remedy = Remedy.FIX_FILE if problems[0].file else Remedy.FIX_SUBMISSION
    raise InputError("\n".join(p.message for p in problems), remedy=remedy)
