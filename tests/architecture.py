"""docs/architecture.md's import table, written from pyproject.toml's import-linter contracts.

`python -m tests.architecture` rewrites the table; tests/test_architecture.py fails while the page
and the contracts disagree, so the table is never edited by hand."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "architecture.md"
BEGIN = "<!-- import table: written by `python -m tests.architecture` from pyproject.toml -->"
END = "<!-- end of import table -->"


def contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def _short(module: str) -> str:
    return "`" + module.removeprefix("hksh_packager.") + "`"


def import_table() -> str:
    """One row per layer, top first: its packages and the layers they may import."""
    by_id = {contract["id"]: contract for contract in contracts()}
    layers = [[name.strip() for name in layer.split("|")] for layer in by_id["layers"]["layers"]]
    rows = ["| layer | packages (under `hksh_packager.`) | may import |", "|---|---|---|"]
    for number, layer in enumerate(layers, start=1):
        packages = ", ".join(_short(name) for name in layer)
        if len(layer) > 1:
            packages += " (not each other)"
        below = (
            f"layers {number + 1} to {len(layers)}"
            if number + 1 < len(layers)
            else f"layer {len(layers)}"
            if number < len(layers)
            else "the standard library and third-party libraries only"
        )
        rows.append(f"| {number} | {packages} | {below} |")
    notes = [
        f"- {contract['name']}: {', '.join(map(_short, contract['source_modules']))} never "
        f"imports {', '.join(f'`{name}`' for name in contract['forbidden_modules'])}."
        for contract in by_id.values()
        if contract["type"] == "forbidden"
    ]
    notes += [
        f"- The one exception to the layers: `{line}`."
        for line in by_id["layers"].get("ignore_imports", [])
    ]
    return "\n".join([BEGIN, "", *rows, "", *notes, "", END])


def page_with_table(page: str) -> str:
    start, end = page.index(BEGIN), page.index(END) + len(END)
    return page[:start] + import_table() + page[end:]


if __name__ == "__main__":
    PAGE.write_text(page_with_table(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(import_table() + "\n")
