"""What Windows and macOS do to files, simulated here where it can be: a file held open by another
program blocks its replacement (Windows), and names that differ only in case or Unicode form are
one file (Windows, macOS)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from hksh_packager.core.common import atomic
from hksh_packager.core.common.errors import InputError
from hksh_packager.core.submission.draft import bring_into_project


@pytest.fixture
def windows_replace(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """os.replace as Windows does it while another program holds the target open: "access
    denied" for the next `held[0]` calls."""
    monkeypatch.setattr(atomic, "OPEN_FILES_BLOCK_REPLACE", True)
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0.001)
    real = os.replace
    held = [0]

    def replace(source, target):  # type: ignore[no-untyped-def]
        if held[0] > 0:
            held[0] -= 1
            raise PermissionError(13, "Access is denied", str(target))
        return real(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    return held


def test_a_write_waits_for_a_program_that_holds_the_file_for_a_moment(
    tmp_path: Path, windows_replace
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "submission.json"
    target.write_text("old", "utf-8")
    windows_replace[0] = 3  # an antivirus scan, a sync client reading it
    atomic.write_text_atomic(target, "new")
    assert target.read_text("utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["submission.json"]  # no part left behind


def test_a_file_kept_open_is_named_and_nothing_is_lost(tmp_path: Path, windows_replace) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "results.csv"
    target.write_text("old", "utf-8")
    windows_replace[0] = 10_000  # Excel has it open
    with pytest.raises(InputError, match="results.csv cannot be replaced: another program has"):
        atomic.write_text_atomic(target, "new")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]


def test_on_posix_a_refusal_is_the_systems_own_error(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(atomic, "OPEN_FILES_BLOCK_REPLACE", False)

    def refuse(source, target):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic.write_text_atomic(tmp_path / "x.txt", "x")


def test_a_copy_never_lands_on_a_name_a_folding_system_takes_for_another(tmp_path: Path) -> None:
    """On Windows and macOS, 'Data.csv' and 'data.csv' are one file, and so are é written
    composed and decomposed: an added file with such a name gets a name of its own."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "data").mkdir(parents=True)
    outside.mkdir()
    (project / "data" / "Data.csv").write_text("a,b\n1,2\n", "utf-8")
    (outside / "data.csv").write_text("a,b\n3,4\n", "utf-8")
    assert bring_into_project(project, outside / "data.csv", "data") == "data/data-2.csv"
    composed = unicodedata.normalize("NFC", "café.csv")
    (project / "data" / composed).write_text("x\n1\n", "utf-8")
    decomposed = outside / unicodedata.normalize("NFD", "café.csv")
    decomposed.write_text("x\n2\n", "utf-8")
    added = bring_into_project(project, decomposed, "data")
    assert added.startswith("data/caf") and added.endswith("-2.csv")
    # The same bytes under a name that folds to an existing one: that file, not a copy.
    (outside / "DATA.CSV").write_text("a,b\n1,2\n", "utf-8")
    assert bring_into_project(project, outside / "DATA.CSV", "data") == "data/Data.csv"


@pytest.mark.parametrize(
    ("name", "kept"),
    [("aux.pdf", "_aux.pdf"), ("a:b.pdf", "a_b.pdf"), ("notes. ", "notes"),
     ("plan.pdf;1", "plan.pdf"), ("ok.pdf", "ok.pdf")],
)  # fmt: skip
def test_an_added_file_is_copied_under_a_name_every_system_holds(
    tmp_path: Path, name: str, kept: str
) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    (outside / name).write_bytes(b"%PDF-1.7\n")
    assert bring_into_project(project, outside / name, "docs") == f"docs/{kept}"
