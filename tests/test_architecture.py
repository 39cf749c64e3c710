"""The layout the docs describe is the layout of the tree."""

from __future__ import annotations

import tomllib

from tests.architecture import PAGE, ROOT, import_table, page_with_table


def test_the_import_table_in_the_docs_is_the_contracts_table() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert import_table() in page, "run `python -m tests.architecture` to rewrite the table"
    assert page_with_table(page) == page


def test_pyproject_lists_every_package_folder_of_the_tree() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        listed = set(tomllib.load(file)["tool"]["setuptools"]["packages"])
    code = ROOT / "desktop"
    folders = {".".join(init.parent.relative_to(code).parts) for init in code.rglob("__init__.py")}
    assert listed == folders | {"hksh_packager.schemas", "hksh_packager.resources"}
