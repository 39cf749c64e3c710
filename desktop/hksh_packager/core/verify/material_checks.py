"""The bundled materials checked for what they are, as `pack` checked them: each proposal, slide
deck, video and image is extracted (within `Limits.max_material_bytes`) and opened by the reader
made for it, in a child process of this worker under a time and memory budget per file
(`Limits.max_material_seconds`, `Limits.max_material_memory`): a file over it is a problem of
that file."""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.bounded import Budget
from hksh_packager.core.common.bundle_layout import bundle_member
from hksh_packager.core.common.errors import InputError
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken, DeadlineToken
from hksh_packager.core.materials.check import inspected_attachments
from hksh_packager.core.materials.inspect import inspect_materials, prepare_inspection
from hksh_packager.core.materials.rules import material_problems
from hksh_packager.core.submission.profile import Profile
from hksh_packager.core.verify.profile_checks import bundle_profile
from hksh_packager.core.verify.report import Check, Problem
from hksh_packager.core.verify.safezip import Limits
from hksh_packager.core.verify.state import VerifyState

TOO_MUCH = define(
    "materials.too-much", "the materials hold {size} bytes; they are opened only up to {limit} per "
    "bundle: check them by hand"
)  # fmt: skip


def material_budget(limits: Limits) -> Budget:
    return Budget(limits.max_material_seconds, limits.max_material_memory)


def prepare_material_reader(limits: Limits) -> None:
    """Start the process the materials will be read in, while the bundle's integrity is checked."""
    prepare_inspection(material_budget(limits))


@contextmanager
def materials_checked_meanwhile(
    state: VerifyState,
    submission: dict[str, Any] | None,
    info: bag.ParsedBagInfo | None,
    profile: Profile | None,
    limits: Limits,
    cancel: CancelToken,
) -> Iterator[None]:
    """Report every material that is not what its stage wants into `state`: extracted here, then
    read in their child process while the body runs (the datasets are checked meanwhile). Their
    problems come before those the body finds; one found before any is read (too many bytes) is
    in `state` when the body starts."""
    wanted = _wanted(state, submission, info, profile, limits)
    if not wanted:
        yield
        return
    folder = Path(tempfile.mkdtemp(prefix="hksh-materials-"))
    # Stopped with `cancel`, or when the body fails: the reading is then of no use.
    stop = DeadlineToken(cancel, math.inf)
    try:
        targets = [
            state.extract(member, folder / str(step) / PurePosixPath(member).name, cancel)
            for step, (member, _, _) in enumerate(wanted)
        ]
        with ThreadPoolExecutor(1, thread_name_prefix="materials") as reading:
            found = reading.submit(inspect_materials, targets, material_budget(limits), stop)
            mark = len(state.problems)
            try:
                yield
                materials = found.result()
            except BaseException:  # the body failed, or Ctrl+C came while waiting for the reading
                stop.cancel()
                raise
            problems = [
                Problem.of(Check.PROFILE, member, problem)
                for (member, attachment, rule), material in zip(wanted, materials, strict=True)
                for problem in material_problems(material, attachment["file"], rule)
            ]
            state.problems[mark:mark] = problems
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wanted(
    state: VerifyState,
    submission: dict[str, Any] | None,
    info: bag.ParsedBagInfo | None,
    profile: Profile | None,
    limits: Limits,
) -> list[tuple[str, dict[str, Any], Any]]:
    """The materials to read: (member, attachment, rule); none where they cannot be, and said so."""
    if submission is None:
        return []
    try:
        profile = profile or bundle_profile(submission, info)
    except InputError:
        return []  # the profile check has said so
    wanted = [
        (bundle_member("attachments", a["file"]), a, rule)
        for a, rule in inspected_attachments(submission, profile)
    ]
    wanted = [(m, a, r) for m, a, r in wanted if m in state.members]
    total = sum(state.members[m].size for m, _, _ in wanted)
    if total > limits.max_material_bytes:
        state.problem(Check.PROFILE, "", TOO_MUCH(size=total, limit=limits.max_material_bytes))
        return []
    return wanted
