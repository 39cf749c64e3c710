"""A material against what its stage wants: the right kind of file, and a video's length."""

from __future__ import annotations

from typing import Any

from hksh_packager.core.common.messages import Message, define, either
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.materials.inspect import Material, duration_text
from hksh_packager.core.submission.profile import kind_name

SAME = {".jpeg": ".jpg", ".tgz": ".tar.gz"}


REALLY_OTHER = define(
    "material.really-other", "{file} is really {found}, not {extensions} as a file of kind {kind} "
    "must be here; export it in the right format"
)  # fmt: skip
NOT_THE_KIND = define(
    "material.not-the-kind", "{file} is {found}, not {extensions} as a file of kind {kind} must be"
)
UNUSABLE = define("material.unusable", "{file} ({found}): {problem}")
TOO_SHORT = define(
    "material.too-short", "{file} is {length} long; this stage wants at least {limit}"
)
TOO_LONG = define("material.too-long", "{file} is {length} long; this stage wants at most {limit}")


def material_problems(found: Material, name: str, rule: dict[str, Any]) -> list[Message]:
    """What is wrong with a material named `name` (its kind's stage rule given), saying what was
    found and what the stage wants; [] when it is right."""
    wanted = [SAME.get(e, e) for e in rule["extensions"]]
    shown, kind, extensions = escape_text(name), kind_name(rule["kind"]), either(rule["extensions"])
    problems = []
    if found.format and SAME.get(found.format, found.format) not in wanted:
        problems.append(
            REALLY_OTHER(file=shown, found=found.summary, extensions=extensions, kind=kind)
        )
    elif not found.format and found.problem is None:
        problems.append(
            NOT_THE_KIND(file=shown, found=found.summary, kind=kind, extensions=extensions)
        )
    if found.problem is not None:
        problems.append(UNUSABLE(file=shown, found=found.summary, problem=found.problem))
    if found.seconds is not None:
        low, high = rule.get("min_seconds"), rule.get("max_seconds")
        length = duration_text(found.seconds)
        if low is not None and found.seconds < low:
            problems.append(TOO_SHORT(file=shown, length=length, limit=duration_text(low)))
        if high is not None and found.seconds > high:
            problems.append(TOO_LONG(file=shown, length=length, limit=duration_text(high)))
    return problems


def length_rule(rule: dict[str, Any]) -> str:
    """A video rule's length limits for a person ("3:00–5:00", "≤ 3:00"); "" when it has none."""
    low, high = rule.get("min_seconds"), rule.get("max_seconds")
    if low is not None and high is not None:
        return f"{duration_text(low)}–{duration_text(high)}"
    if high is not None:
        return f"≤ {duration_text(high)}"
    return f"≥ {duration_text(low)}" if low is not None else ""
