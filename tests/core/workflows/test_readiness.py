"""Readiness: every reason a project or draft cannot be packed, with code, field and file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows.pack import plan_pack, validate_for_pack
from hksh_packager.core.workflows.readiness import check_readiness
from hksh_packager.core.workflows.steps import Step, StepState, step_of, step_states


def _codes(readiness) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(b.code, b.pointer, b.file) for b in readiness.blockers]


def test_a_draft_lists_every_schema_problem_with_its_field(project_copy: Path) -> None:
    document = json.loads((project_copy / "submission.json").read_text())
    document["members"][1]["email"] = "not an email"
    del document["summary"]
    document["title"] = "x" * 500
    (project_copy / "submission.json").write_text(json.dumps(document))
    readiness = check_readiness(project_copy)
    assert not readiness.ready
    found = {(b.code, b.pointer) for b in readiness.blockers}
    assert ("submission.schema", "/members/1/email") in found
    assert ("submission.schema", "/title") in found
    # A missing field is named by where it would be, so a face can take the user there.
    missing = [b for b in readiness.blockers if str(b.message) == "Summary is required; fill it in"]
    assert [(b.code, b.pointer) for b in missing] == [("submission.schema", "/summary")]


def test_missing_files_are_each_named_with_their_field(project_copy: Path) -> None:
    (project_copy / "docs" / "proposal.pdf").unlink()
    (project_copy / "data" / "shanghai_public_parking.csv").unlink()
    readiness = check_readiness(project_copy)
    assert _codes(readiness) == [
        ("file.missing", "/datasets/1/file", "data/shanghai_public_parking.csv"),
        ("file.missing", "/attachments/0/file", "docs/proposal.pdf"),
        # A draft is still told everything else it lacks.
        ("dataset.unchecked", "/datasets/0/file", "data/latest_1min_temperature.csv"),
        ("key.missing", "/team/id", ""),
    ]


def test_a_complete_project_needs_validation_and_a_key_then_is_ready(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _codes(check_readiness(project_copy)) == [
        ("dataset.unchecked", "/datasets/0/file", "data/latest_1min_temperature.csv"),
        ("dataset.unchecked", "/datasets/1/file", "data/shanghai_public_parking.csv"),
        ("key.missing", "/team/id", ""),
    ]
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    keys.generate_key("T042", lambda team, confirm: "a long passphrase")
    validation = validate_for_pack(plan_pack(project_copy, tmp_path / "b.zip"))
    assert check_readiness(project_copy, validation=validation).ready
    # A dataset edited afterwards is no longer counted as checked.
    data = project_copy / "data" / "shanghai_public_parking.csv"
    data.write_text(data.read_text(encoding="utf-8") + "9,x,y,z,1,121.4,31.2\n", encoding="utf-8")
    os.utime(data, ns=(0, data.stat().st_mtime_ns + 10**9))
    assert _codes(check_readiness(project_copy, validation=validation)) == [
        ("dataset.changed", "/datasets/1/file", "data/shanghai_public_parking.csv"),
    ]


def test_rule_breaks_and_unknown_catalogue_ids_are_blockers(project_copy: Path) -> None:
    document = json.loads((project_copy / "submission.json").read_text())
    document["theme"] = "Space travel"
    document["datasets"][0]["catalogue_id"] = "hk.no.such-dataset"
    (project_copy / "submission.json").write_text(json.dumps(document))
    found = _codes(check_readiness(project_copy, check_key=False))
    assert ("rule.themes", "/theme", "") in found
    assert (
        "dataset.unknown-catalogue-id",
        "/datasets/0/catalogue_id",
        "data/latest_1min_temperature.csv",
    ) in found


def test_results_from_the_datasets_step_are_reused_only_for_the_same_check_of_the_same_bytes(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    keys.generate_key("T042", lambda team, confirm: "a long passphrase")
    plan = plan_pack(project_copy, tmp_path / "b.zip")
    first = validate_for_pack(plan)
    again = validate_for_pack(plan, known=first.datasets)
    assert [a is b for a, b in zip(again.datasets, first.datasets, strict=True)] == [True, True]
    assert again.schema_files == first.schema_files
    # Edited data is checked again; so is a dataset whose read options changed.
    data = project_copy / "data" / "shanghai_public_parking.csv"
    data.write_text(data.read_text(encoding="utf-8") + "9,x,y,z,1,121.4,31.2\n", encoding="utf-8")
    os.utime(data, ns=(0, data.stat().st_mtime_ns + 10**9))
    document = json.loads((project_copy / "submission.json").read_text())
    document["datasets"][0]["encoding"] = "utf-8"
    (project_copy / "submission.json").write_text(json.dumps(document))
    third = validate_for_pack(plan_pack(project_copy, tmp_path / "b.zip"), known=first.datasets)
    assert [a is b for a, b in zip(third.datasets, first.datasets, strict=True)] == [False, False]
    assert third.datasets[1].result.rows == first.datasets[1].result.rows + 1


def test_each_blocker_belongs_to_the_step_where_it_is_fixed(project_copy: Path) -> None:
    document = json.loads((project_copy / "submission.json").read_text())
    document["members"][0]["email"] = "nope"
    document["theme"] = "Space travel"
    (project_copy / "submission.json").write_text(json.dumps(document))
    (project_copy / "docs" / "proposal.pdf").unlink()
    blockers = check_readiness(project_copy).blockers
    assert {step_of(b) for b in blockers if b.pointer == "/members/0/email"} == {Step.TEAM}
    assert {step_of(b) for b in blockers if b.code == "file.missing"} == {Step.MATERIALS}
    assert {step_of(b) for b in blockers if b.code == "dataset.unchecked"} == {Step.DATASETS}
    states = step_states(blockers)
    assert states[Step.TEAM] == StepState.PROBLEMS  # a wrong email, not just a missing key
    assert states[Step.DATASETS] == StepState.INCOMPLETE  # only not validated yet
    assert states[Step.MATERIALS] == StepState.PROBLEMS
    assert states[Step.REVIEW] == StepState.INCOMPLETE


def test_a_materials_rule_is_a_problem_on_its_step_before_the_document_is_complete(
    tmp_path: Path,
) -> None:
    from pptx import Presentation

    from hksh_packager.core.submission.draft import empty_submission

    # A new 2025 proposal-stage draft with nothing else filled in, and a PowerPoint given as
    # the proposal, where 2025 wants a PDF.
    root = tmp_path / "draft"
    (root / "docs").mkdir(parents=True)
    Presentation().save(str(root / "docs" / "proposal.pptx"))
    document = empty_submission("hksh-2025")
    document["stage"] = "proposal"
    document["attachments"] = [{"file": "docs/proposal.pptx", "kind": "proposal"}]
    (root / "submission.json").write_text(json.dumps(document), "utf-8")
    readiness = check_readiness(root, check_key=False)
    assert any(b.code == "submission.schema" for b in readiness.blockers)  # far from complete
    wrong = [b for b in readiness.blockers if b.file == "docs/proposal.pptx"]
    # Its name and its content both break the rule.
    assert {b.code for b in wrong} == {"rule.materials"} and len(wrong) == 2
    assert any(
        "a file of kind proposal must be .pdf at this stage, not .pptx" in str(b.message)
        for b in wrong
    )
    assert any("is really PowerPoint" in str(b.message) for b in wrong)
    assert {step_of(b) for b in wrong} == {Step.MATERIALS}
    assert step_states(readiness.blockers)[Step.MATERIALS] == StepState.PROBLEMS
    # The video the stage requires is missing: said now too, as something not yet added.
    missing = [b for b in readiness.blockers if "Add the video" in str(b.message)]
    assert len(missing) == 1 and missing[0].missing and step_of(missing[0]) == Step.MATERIALS


def test_a_new_empty_project_does_not_show_materials_complete(tmp_path: Path) -> None:
    from hksh_packager.core.submission.draft import empty_submission

    root = tmp_path / "new"
    root.mkdir()
    document = empty_submission("hksh-2025")
    document["stage"] = "proposal"
    (root / "submission.json").write_text(json.dumps(document), "utf-8")
    states = step_states(check_readiness(root, check_key=False).blockers)
    assert states[Step.MATERIALS] != StepState.COMPLETE
