"""Schema errors are worded from the rule that failed, never from jsonschema's English prose."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hksh_packager.core.common.shipped_schemas import shipped_validator
from hksh_packager.core.submission.document import check_submission
from hksh_packager.core.submission.wording import IssueKind, word_errors

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample" / "submission.json"


def _broken() -> dict:  # type: ignore[type-arg]
    """The sample with several fields missing from two objects, and other rules broken."""
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    del document["team"]["name"], document["team"]["city"], document["title"]
    del document["members"][0]["email"]
    document["members"][1]["email"] = "not an address"
    document["links"]["demo"] = "example.org"
    document["declarations"]["originality"] = False
    document["colour"] = "blue"
    return document


def test_each_missing_field_is_named_once_in_the_schemas_order() -> None:
    missing = [e.pointer for e in check_submission(_broken()) if e.kind == IssueKind.MISSING]
    assert missing == ["/title", "/members/0/email", "/team/name", "/team/city"]


def test_the_messages_are_ours() -> None:
    worded = {e.pointer: e.for_person() for e in check_submission(_broken())}
    assert worded == {
        "": "The submission has unknown fields (colour); remove them",
        "/declarations/originality": "Declaration of originality must be confirmed; tick it to confirm",  # noqa: E501
        "/links/demo": "Demo link is not a web address; give the whole address, starting with https://",
        "/members/0/email": "Member 1 email is required; fill it in",
        "/members/1/email": "Member 2 email is not an email address; write it as name@example.org",
        "/team/city": "Team city is required; fill it in",
        "/team/name": "Team name is required; fill it in",
        "/title": "Title (English) is required; fill it in",
    }


def test_a_jsonschema_that_words_its_messages_otherwise_changes_none_of_ours() -> None:
    validator = shipped_validator("submission.schema.json")
    document = _broken()
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    reworded = []
    for error in errors:
        other = copy.copy(error)
        other.message = "ein anderer Wortlaut"  # as a release that rewrites its messages
        reworded.append(other)
    assert word_errors(reworded) == word_errors(errors) == check_submission(document)
    assert all("Wortlaut" not in str(e.message) for e in word_errors(reworded))
