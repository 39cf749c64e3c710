"""The steps a team goes through, and which step each blocker belongs to: the app's side list and
problems panel show this, and choosing a blocker goes to its step."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from hksh_packager.core.workflows.readiness import Blocker, Severity


class Step(StrEnum):
    TEAM = "team"
    SOLUTION = "solution"
    DATASETS = "datasets"
    MATERIALS = "materials"
    REVIEW = "review"
    DONE = "done"


class StepState(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"  # only things not filled in or not done yet
    PROBLEMS = "problems"  # something is wrong


_BY_FIELD = (
    ("/team", Step.TEAM),
    ("/members", Step.TEAM),
    ("/submission_id", Step.TEAM),
    ("/contact", Step.TEAM),
    ("/datasets", Step.DATASETS),
    ("/attachments", Step.MATERIALS),
    ("/declarations", Step.REVIEW),
    ("/format", Step.REVIEW),
)
_BY_CODE = {
    "rule.datasets": Step.DATASETS,
    "rule.materials": Step.MATERIALS,
    "rule.themes": Step.SOLUTION,
    "key.missing": Step.TEAM,
}


def step_of(blocker: Blocker) -> Step:
    """The step where the user fixes `blocker`."""
    for prefix, step in _BY_FIELD:
        if blocker.pointer == prefix or blocker.pointer.startswith(prefix + "/"):
            return step
    if blocker.code in _BY_CODE:
        return _BY_CODE[blocker.code]
    if blocker.code.startswith("dataset."):
        return Step.DATASETS
    if blocker.code.startswith("rule.") and blocker.file:
        return Step.MATERIALS
    if blocker.pointer:
        return Step.SOLUTION  # titles, texts, theme, links, the challenge
    return Step.REVIEW  # the project as a whole, the bundle's size, the deadline


def step_states(blockers: Sequence[Blocker]) -> dict[Step, StepState]:
    """Each step's state from the blockers; Review is complete only when nothing blocks packing,
    and Done is complete once a bundle is made (the caller's to say)."""
    states = dict.fromkeys(Step, StepState.COMPLETE)
    for blocker in blockers:
        step = step_of(blocker)
        worse = StepState.INCOMPLETE if blocker.missing else StepState.PROBLEMS
        if blocker.severity == Severity.WARNING:
            continue
        if states[step] != StepState.PROBLEMS:
            states[step] = worse
    if any(b.severity == Severity.ERROR for b in blockers) and states[Step.REVIEW] == (
        StepState.COMPLETE
    ):
        states[Step.REVIEW] = StepState.INCOMPLETE
    states[Step.DONE] = StepState.INCOMPLETE
    return states
