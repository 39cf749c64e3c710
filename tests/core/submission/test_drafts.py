"""A submission being written: created, edited field by field, saved atomically, and its schema
errors worded for the person typing it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.submission.document import check_submission
from hksh_packager.core.submission.draft import (
    create_project,
    get_value,
    load_draft,
    save_draft,
    with_value,
)
from hksh_packager.core.submission.wording import IssueKind
from hksh_packager.core.workflows.readiness import check_readiness
from hksh_packager.core.workflows.steps import Step, StepState, step_states


def _errors(document: dict) -> dict[str, tuple[IssueKind, str]]:  # type: ignore[type-arg]
    return {e.pointer: (e.kind, e.for_person()) for e in check_submission(document)}


def test_a_new_empty_project_is_an_incomplete_draft_on_disk(tmp_path: Path) -> None:
    folder = create_project(tmp_path / "new")
    document = json.loads((folder / "submission.json").read_text("utf-8"))
    assert document["format"] == "hksh-submission/1"
    assert document["members"] == [{"lead": True}]
    errors = _errors(document)
    # Every empty field is "missing", named where it will be, not a mistake.
    assert errors["/team/name"] == (IssueKind.MISSING, "Team name is required; fill it in")
    assert errors["/members/0/email"][0] == IssueKind.MISSING
    assert errors["/datasets"] == (IssueKind.MISSING, "Datasets: add at least 1 dataset")
    states = step_states(check_readiness(folder).blockers)
    assert states[Step.TEAM] == StepState.INCOMPLETE
    assert states[Step.SOLUTION] == StepState.INCOMPLETE


def test_a_new_project_needs_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="is not empty"):
        create_project(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_copy_of_the_sample_is_complete_but_for_the_teams_own_declarations(
    tmp_path: Path,
) -> None:
    folder = create_project(tmp_path / "copy", from_sample=True)
    missing = {e.pointer for e in check_submission(load_draft(folder))}
    assert missing == {
        "/declarations/originality", "/declarations/data_licence_compliance",
        "/declarations/eligibility",
    }  # fmt: skip
    assert (folder / "data" / "latest_1min_temperature.csv").is_file()
    # The shipped sample stays complete: `demo` and `pack resources/sample` keep working.
    sample = Path(__file__).parents[3] / "resources" / "sample"
    assert check_submission(load_draft(sample)) == []


def test_a_new_project_is_for_the_edition_and_stage_chosen(tmp_path: Path) -> None:
    empty = load_draft(create_project(tmp_path / "empty", challenge="hksh-2025", stage="final"))
    assert (empty["challenge"], empty["stage"]) == ("hksh-2025", "final")
    copied = load_draft(create_project(tmp_path / "copy", from_sample=True, challenge="hksh-2025",
                                       stage="proposal"))  # fmt: skip
    assert (copied["challenge"], copied["stage"], copied["declarations"]) == (
        "hksh-2025",
        "proposal",
        {},
    )
    # With nothing chosen: the latest edition, at its first stage.
    latest = load_draft(create_project(tmp_path / "latest"))
    assert (latest["challenge"], latest["stage"]) == ("hksh-2025", "proposal")


def test_wrong_values_are_worded_for_a_person() -> None:
    document = load_draft(Path(__file__).parents[3] / "resources" / "sample")
    document = with_value(document, "/members/1/email", "li at fudan")
    document = with_value(document, "/title", "x" * 130)
    document = with_value(document, "/links/demo", "harbourair dot org")
    document = with_value(document, "/members/0/lead", False)
    errors = _errors(document)
    assert errors["/members/1/email"] == (
        IssueKind.NOT_EMAIL,
        "Member 2 email is not an email address; write it as name@example.org",
    )
    assert errors["/title"] == (
        IssueKind.TOO_LONG,
        "Title (English) is too long: at most 120 characters (now 130); shorten it",
    )
    assert errors["/links/demo"][0] == IssueKind.NOT_URL
    assert errors["/members"] == (IssueKind.LEAD, "Members: mark one member as the team lead")
    two_leads = with_value(document, "/members/1/lead", True)
    two_leads = with_value(two_leads, "/members/0/lead", True)
    assert "more than one member" in _errors(two_leads)["/members"][1]


def test_an_empty_text_removes_the_field_and_setting_creates_the_way(tmp_path: Path) -> None:
    document = with_value({"team": {}}, "/team/name", "Lab")
    assert document == {"team": {"name": "Lab"}}
    assert with_value(document, "/team/name", "") == {"team": {}}
    assert with_value({}, "/links/demo", "https://x.org") == {"links": {"demo": "https://x.org"}}
    assert get_value(document, "/members/3/name", "none") == "none"
    save_draft(tmp_path, document)
    assert load_draft(tmp_path) == document
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"{not json", "not valid JSON"), (b"[1, 2]", "not a JSON object"), (None, "holds no")],
)
def test_a_folder_that_is_no_draft_is_named_with_what_to_do(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    if content is not None:
        (tmp_path / "submission.json").write_bytes(content)
    with pytest.raises(InputError, match=expected):
        load_draft(tmp_path)


@pytest.mark.parametrize(
    "email", ["li@", "@fudan.edu.cn", "li at fudan.edu.cn", "li@fudan", "li@@x.cn"]
)
def test_an_address_no_one_could_write_to_is_not_an_email(email: str) -> None:
    document = with_value({}, "/members", [{"name": "Li", "email": email, "lead": True}])
    assert _errors(document)["/members/0/email"][0] == IssueKind.NOT_EMAIL


@pytest.mark.parametrize("email", ["li.xm@fudan.edu.cn", "chan+hksh@connect.hku.hk"])
def test_ordinary_addresses_are_emails(email: str) -> None:
    document = with_value({}, "/members", [{"name": "Li", "email": email, "lead": True}])
    assert "/members/0/email" not in _errors(document)


def test_choosing_a_catalogue_entry_sets_the_city_its_data_comes_from() -> None:
    from hksh_packager.core.submission.draft import with_catalogue_entry

    document = {
        "datasets": [{"file": "data/t.csv", "schema": "schemas/t.json", "city": "Shanghai"}]
    }
    chosen = with_catalogue_entry(document, 0, "hk.hko.latest-1min-temperature")
    assert chosen["datasets"][0] == {
        "file": "data/t.csv", "catalogue_id": "hk.hko.latest-1min-temperature", "city": "Hong Kong",
    }  # fmt: skip
    assert document["datasets"][0]["schema"] == "schemas/t.json"  # the draft given is unchanged
