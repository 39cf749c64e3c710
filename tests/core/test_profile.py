"""Challenge profiles: the rules a submission is packed and verified against."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.errors import ProfileViolation
from hksh_packager.core.common.paths import schemas_dir
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.submission.profile import check_profile, load_profile, load_profile_file
from hksh_packager.core.submission.project import load_project
from hksh_packager.core.verify.report import Check, Verdict
from hksh_packager.core.verify.verifier import verify_bundle

from tests.conftest import EPOCH
from tests.helpers import read_members, resign, write_members

BAG = "HKSH2023-T042/"


def test_every_shipped_profile_validates_against_the_profile_schema() -> None:
    profiles = sorted((schemas_dir() / "profiles").glob("*.json"))
    assert profiles
    for path in profiles:
        assert load_profile_file(path).id == path.stem


def test_the_sample_meets_its_challenge_rules(sample_dir: Path) -> None:
    project = load_project(sample_dir)
    sizes = {f.member: f.size for f in project.files}
    assert check_profile(load_profile("hksh-2023"), project.submission, sizes) == []


def test_every_broken_rule_is_listed_with_its_file(sample_dir: Path) -> None:
    project = load_project(sample_dir)
    document = json.loads(json.dumps(project.submission))
    document["theme"] = "Space travel"
    document["datasets"] = document["datasets"][:1]
    document["attachments"] = [
        {"file": "docs/proposal.docx", "kind": "proposal"},
        {"file": "docs/a.png", "kind": "image"},
    ]
    sizes = {"data/attachments/a.png": 11 << 20}
    issues = [str(i) for i in check_profile(load_profile("hksh-2023"), document, sizes)]
    assert issues == [
        "data/submission.json: theme 'Space travel' is not one of this challenge's: Smart "
        "mobility, Environment and sustainability, Health and wellbeing, City management, "
        "Economy and tourism, Education and culture",
        "data/submission.json: names 1 datasets; this challenge asks for at least 2",
        "data/submission.json: uses 0 Shanghai datasets; at least 1 needed (name a catalogue_id, "
        "or set 'city' on a custom dataset)",
        "data/attachments/proposal.docx: a proposal must be .pdf, not .docx",
        "data/attachments/a.png: is 11534336 bytes; the limit for image attachments is 10485760",
    ]


def test_pack_refuses_a_submission_that_breaks_the_rules(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    document["attachments"] = [a for a in document["attachments"] if a["kind"] != "proposal"]
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    with pytest.raises(ProfileViolation, match="has no proposal attachment"):
        pack_project(load_project(project_copy), tmp_path / "b.zip", secret, epoch=EPOCH)
    assert not (tmp_path / "b.zip").exists()


def test_unknown_challenge_lists_the_known_profiles() -> None:
    with pytest.raises(Exception, match=r"no profile for challenge 'hksh-2099' \(known: hksh-2023"):
        load_profile("hksh-2099")


def test_verify_reports_rule_breaks_and_a_late_submission(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    report = verify_bundle(sample_bundle)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY
    assert any("after the hksh-2023 deadline" in note for note in report.notes)
    members = read_members(sample_bundle)
    document = json.loads(members[BAG + "data/submission.json"])
    document["theme"] = "Space travel"
    members[BAG + "data/submission.json"] = json.dumps(document).encode()
    bundle = write_members(tmp_path / "b.zip", resign(members, BAG, secret))
    problems = verify_bundle(bundle).problems
    assert [(p.check, p.member) for p in problems] == [(Check.PROFILE, "data/submission.json")]


def test_a_profile_file_with_an_error_names_the_pointer(tmp_path: Path) -> None:
    document = json.loads((schemas_dir() / "profiles" / "hksh-2023.json").read_text("utf-8"))
    document["materials"][0]["extensions"] = ["pdf"]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(document))
    with pytest.raises(Exception, match=r"at /materials/0/extensions/0: 'pdf' does not match"):
        load_profile_file(path)
