"""A project folder: submission.json and the files it names, resolved to what goes in a bundle."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.common.errors import InputError, Remedy, SubmissionParseError
from hksh_packager.core.submission.document import (
    FILE_NAME,
    check_submission,
    named_files,
    parse_submission,
)


@dataclass(frozen=True)
class PayloadFile:
    """A file to bundle: `member` is its path inside the bag ("data/datasets/x.csv")."""

    member: str
    source: Path
    size: int


@dataclass(frozen=True)
class Project:
    root: Path
    submission: dict[str, Any]
    submission_bytes: bytes
    files: tuple[PayloadFile, ...]

    @property
    def submission_id(self) -> str:
        return self.submission["submission_id"]

    @property
    def team_id(self) -> str:
        return self.submission["team"]["id"]


def bundle_member(section: str, relative: str) -> str:
    """Where a file named in submission.json sits in the bag; the verifier uses the same rule."""
    return f"data/{section}/{PurePosixPath(relative).name}"


def _stat_readable(path: Path, shown: str) -> int:
    try:
        if not path.is_file():
            if path.exists():
                raise InputError(f"{shown} is not a regular file; name a file in submission.json")
            raise InputError(
                f"{shown} is named in submission.json but does not exist; "
                "put the file there or correct the path"
            )
        with path.open("rb") as handle:  # opening proves it is readable now, not just present
            handle.read(1)
        return path.stat().st_size
    except PermissionError:
        raise InputError(
            f"{shown} cannot be read (permission denied); fix its permissions"
        ) from None
    except OSError as exc:
        raise InputError(f"{shown} cannot be read: {exc.strerror or exc}") from None


def load_project(root: Path) -> Project:
    """Read and check a project folder; raise InputError naming the first thing to fix."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root} is not a folder; give the folder that holds {FILE_NAME}")
    submission_path = root / FILE_NAME
    if not submission_path.is_file():
        raise InputError(f"{submission_path} is missing; a project folder holds {FILE_NAME}")
    try:
        raw = submission_path.read_bytes()
    except OSError as exc:
        raise InputError(f"{submission_path} cannot be read: {exc.strerror or exc}") from None
    try:
        document = parse_submission(raw)
    except SubmissionParseError as exc:
        raise InputError(f"{submission_path} {exc}") from None
    problems = check_submission(document)
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise InputError(
            f"{submission_path} does not match the submission schema; fix these fields:\n"
            f"{listed}{more}",
            remedy=Remedy.FIX_SUBMISSION,
        )
    files: dict[str, PayloadFile] = {}
    resolved_root = root.resolve()
    for section, relative in named_files(document):
        source = root / relative
        shown = f"{source} ({section})"
        if not os.path.realpath(source).startswith(str(resolved_root) + os.sep):
            raise InputError(f"{shown} lies outside the project folder {root}; move it inside")
        member = bundle_member(section, relative)
        size = _stat_readable(source, shown)
        previous = files.get(member)
        if previous is not None and previous.source.resolve() != source.resolve():
            raise InputError(
                f"{previous.source} and {source} would both be bundled as {member}; rename one"
            )
        files[member] = PayloadFile(member, source, size)
    return Project(
        root=root,
        submission=document,
        submission_bytes=raw,
        files=tuple(sorted(files.values(), key=lambda f: f.member)),
    )
