"""A material against what its stage wants: the right kind of file, and a video's length."""

from __future__ import annotations

from typing import Any

from hksh_packager.core.materials.inspect import Material, duration_text

SAME = {".jpeg": ".jpg", ".tgz": ".tar.gz"}


def material_problems(found: Material, name: str, rule: dict[str, Any]) -> list[str]:
    """What is wrong with a material named `name` (its kind's stage rule given), saying what was
    found and what the stage wants; [] when it is right."""
    wanted = [SAME.get(e, e) for e in rule["extensions"]]
    problems = []
    if found.format and SAME.get(found.format, found.format) not in wanted:
        problems.append(
            f"is really {found.summary}, not the {' or '.join(rule['extensions'])} a "
            f"{rule['kind']} must be here; export it in the right format"
        )
    elif not found.format and found.problem is None:
        problems.append(
            f"is {found.summary}, not a {rule['kind']} ({' or '.join(rule['extensions'])})"
        )
    if found.problem is not None:
        problems.append(f"({found.summary}): {found.problem}")
    if found.seconds is not None:
        low, high = rule.get("min_seconds"), rule.get("max_seconds")
        length = duration_text(found.seconds)
        if low is not None and found.seconds < low:
            problems.append(f"is {length} long; this stage wants at least {duration_text(low)}")
        if high is not None and found.seconds > high:
            problems.append(f"is {length} long; this stage wants at most {duration_text(high)}")
    return problems


def length_rule(rule: dict[str, Any]) -> str:
    """A video rule's length limits for a person ("3:00–5:00", "≤ 3:00"); "" when it has none."""
    low, high = rule.get("min_seconds"), rule.get("max_seconds")
    if low is not None and high is not None:
        return f"{duration_text(low)}–{duration_text(high)}"
    if high is not None:
        return f"≤ {duration_text(high)}"
    return f"≥ {duration_text(low)}" if low is not None else ""
