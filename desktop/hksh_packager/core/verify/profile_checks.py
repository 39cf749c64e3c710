"""The challenge's rules (its profile): materials, themes, datasets, sizes and the deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.errors import InputError
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.submission.profile import Profile, check_profile, is_late, load_profile
from hksh_packager.core.verify.report import Check
from hksh_packager.core.verify.state import VerifyState

OTHER_PROFILE = define(
    "profile.other", "packed for profile {declared}; checked against profile {profile}"
)
CHECKED = define("profile.checked", "checked against profile {profile}, stage {stage}")
BUNDLE_TOO_LARGE = define(
    "profile.bundle-too-large", "the bundle is {size} bytes; {profile} accepts at most {limit}"
)
NOT_A_DATE = define("profile.bagging-date", "Bagging-Date {value} is not a date")
LATE = define(
    "profile.late",
    "packed on {packed}, after the {profile} {stage} stage deadline of {deadline}",
)


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
) -> list[Message | str]:
    """Report rule breaks into `state`; return notes (a late submission is for people to judge)."""
    if submission is None:
        return []
    notes: list[Message | str] = []
    declared = info.first("HKSH-Profile") if info else None
    if profile is None:
        try:
            profile = bundle_profile(submission, info)
        except InputError as exc:
            state.problem(Check.PROFILE, bag.BAG_INFO, str(exc) if exc.listed else exc.said)
            return []
    elif declared and declared != profile.id:
        notes.append(OTHER_PROFILE(declared=declared, profile=profile.id))
    stage = submission.get("stage")
    notes.append(CHECKED(profile=profile.id, stage=stage))
    sizes = {name: member.size for name, member in state.members.items()}
    for issue in check_profile(profile, submission, sizes):
        if issue.warning:
            notes.append(issue.message)
        else:
            state.problem(Check.PROFILE, issue.member, issue.message)
    limit = profile.max_bundle_bytes(stage)
    if limit is not None and bundle_size > limit:
        state.problem(
            Check.PROFILE, "", BUNDLE_TOO_LARGE(size=bundle_size, profile=profile.id, limit=limit)
        )
    packed = info.first("Bagging-Date") if info else None
    try:
        packed_on = date.fromisoformat(packed) if packed else None
    except ValueError:
        state.problem(Check.BAG_INFO, bag.BAG_INFO, NOT_A_DATE(value=repr(packed)))
        packed_on = None
    deadline = profile.deadline(stage)
    if packed_on and deadline is not None and is_late(profile, stage, packed_on):
        notes.append(
            LATE(
                packed=packed_on.isoformat(), profile=profile.id, stage=stage,
                deadline=deadline.isoformat(),
            )
        )  # fmt: skip
    return notes
