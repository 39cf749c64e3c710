"""The challenge's rules (its profile): materials, themes, datasets, sizes and the deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.errors import InputError
from hksh_packager.core.submission.profile import Profile, check_profile, is_late, load_profile
from hksh_packager.core.verify.report import Check
from hksh_packager.core.verify.state import VerifyState


def bundle_profile(submission: dict[str, Any], info: bag.ParsedBagInfo | None) -> Profile:
    """The shipped profile a bundle names (bag-info's, else its submission's challenge)."""
    declared = info.first("HKSH-Profile") if info else None
    return load_profile(declared or submission["challenge"])


def check_bundle_profile(
    state: VerifyState,
    submission: dict[str, Any] | None,
    info: bag.ParsedBagInfo | None,
    bundle_size: int,
    profile: Profile | None,
) -> list[str]:
    """Report rule breaks into `state`; return notes (a late submission is for people to judge)."""
    if submission is None:
        return []
    notes: list[str] = []
    declared = info.first("HKSH-Profile") if info else None
    if profile is None:
        try:
            profile = bundle_profile(submission, info)
        except InputError as exc:
            state.problem(Check.PROFILE, bag.BAG_INFO, str(exc))
            return []
    elif declared and declared != profile.id:
        notes.append(f"packed for profile {declared}; checked against profile {profile.id}")
    stage = submission.get("stage")
    notes.append(f"checked against profile {profile.id}, stage {stage}")
    sizes = {name: member.size for name, member in state.members.items()}
    for issue in check_profile(profile, submission, sizes):
        if issue.warning:
            notes.append(str(issue.message))
        else:
            state.problem(Check.PROFILE, issue.member, issue.message)
    limit = profile.max_bundle_bytes(stage)
    if limit is not None and bundle_size > limit:
        state.problem(
            Check.PROFILE,
            "",
            f"the bundle is {bundle_size} bytes; {profile.id} accepts at most {limit}",
        )
    packed = info.first("Bagging-Date") if info else None
    try:
        packed_on = date.fromisoformat(packed) if packed else None
    except ValueError:
        state.problem(Check.BAG_INFO, bag.BAG_INFO, f"Bagging-Date {packed!r} is not a date")
        packed_on = None
    deadline = profile.deadline(stage)
    if packed_on and deadline is not None and is_late(profile, stage, packed_on):
        notes.append(
            f"packed on {packed_on.isoformat()}, after the {profile.id} {stage} stage deadline of "
            f"{deadline.isoformat()}"
        )
    return notes
