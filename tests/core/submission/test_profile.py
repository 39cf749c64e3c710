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
        {"file": "docs/b.png", "kind": "poster"},
    ]
    issues = [(str(i), i.warning) for i in check_profile(load_profile("hksh-2023"), document, {})]
    assert issues == [
        ("Theme 'Space travel' is not one of this challenge's: Smart Mobility, Smart Living, Smart "
         "Environment, Smart Economy", False),
        # The data rule encourages both cities and accepts other sources: a warning only.
        ("The submission uses 0 Shanghai datasets; the challenge encourages data from both cities "
         "(at least 1 from Shanghai), and also accepts other reliable sources. If one is from "
         "there, choose its catalogue entry or set its city", True),
        ("docs/proposal.docx: a file of kind proposal must be .pptx or .ppt or .pdf at this "
         "stage, not .docx; "
         "export it in one of those formats", False),
        ("docs/b.png: the kind 'poster' is not accepted at this stage; choose another", False),
    ]  # fmt: skip


def test_a_sub_topic_must_belong_to_the_theme(sample_dir: Path) -> None:
    document = json.loads((sample_dir / "submission.json").read_text("utf-8"))
    document["subtopic"] = "Fintech"  # Smart Economy's, not Smart Mobility's
    issues = [str(i) for i in check_profile(load_profile("hksh-2023"), document, {})]
    assert issues == [
        "Sub-topic 'Fintech' is not one of theme Smart Mobility's: "
        "Intelligent Transport System and Traffic Management, Public Transport Interchanges/Bus "
        "Stops and Parking, Environmental Friendliness Transport, Smart Airport"
    ]


def test_a_2023_proposal_without_a_powerpoint_and_video_is_refused_at_pack_time(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    document["stage"] = "proposal"  # the sample's PDF proposal is the final's, not 2023's
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    with pytest.raises(ProfileViolation) as caught:
        pack_project(load_project(project_copy), tmp_path / "b.zip", secret, epoch=EPOCH)
    message = str(caught.value)
    assert (
        "docs/proposal.pdf: a file of kind proposal must be .pptx or .ppt at this stage, not .pdf"
        in message
    )
    assert "Add the video: this stage requires one (.mp4 or .mov or .webm)" in message
    assert not (tmp_path / "b.zip").exists()


def test_verify_reports_the_proposal_stage_break_of_a_bundle_packed_without_the_check(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    members = read_members(sample_bundle)
    document = json.loads(members[BAG + "data/submission.json"])
    document["stage"] = "proposal"
    members[BAG + "data/submission.json"] = json.dumps(document).encode()
    report = verify_bundle(write_members(tmp_path / "b.zip", resign(members, BAG, secret)))
    assert report.verdict == Verdict.INVALID
    assert (Check.PROFILE, "data/attachments/proposal.pdf",
            "docs/proposal.pdf: a file of kind proposal must be .pptx or .ppt at this stage, not "
            ".pdf; export it "
            "in one of those formats") in [
        (p.check, p.member, p.message) for p in report.problems]  # fmt: skip
    assert "checked against profile hksh-2023, stage proposal" in report.notes


def test_a_stage_the_profile_does_not_have_is_named_with_the_known_ones(sample_dir: Path) -> None:
    document = json.loads((sample_dir / "submission.json").read_text("utf-8"))
    document["stage"] = "semi-final"
    issues = [str(i) for i in check_profile(load_profile("hksh-2025"), document, {})]
    assert "Stage 'semi-final' is not one of hksh-2025's: proposal, final" in (issues)


def test_every_theme_and_sub_topic_has_names_in_three_scripts_and_translations_are_marked() -> None:
    for path in sorted((schemas_dir() / "profiles").glob("*.json")):
        profile = load_profile_file(path)
        for theme in profile.themes:
            for names in [theme, *theme.get("subtopics", [])]:
                assert names["en"] and names["zh_hant"] and names["zh_hans"], (path, names)
        marked = [t for theme in profile.themes for t in theme.get("subtopics", [])
                  if t.get("translated")]  # fmt: skip
        assert marked, f"{path.name}: the app's own translations are marked"
    assert len([t for th in load_profile("hksh-2025").themes for t in th["subtopics"]]) == 13


def test_the_pack_time_rules_hold_for_the_sample(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    document["attachments"] = [a for a in document["attachments"] if a["kind"] != "proposal"]
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    # At the final nothing is required: packing goes ahead.
    pack_project(load_project(project_copy), tmp_path / "b.zip", secret, epoch=EPOCH)
    assert (tmp_path / "b.zip").exists()


def test_unknown_challenge_lists_the_known_profiles() -> None:
    with pytest.raises(Exception, match=r"no profile for challenge 'hksh-2099' \(known: hksh-2023"):
        load_profile("hksh-2099")


def test_verify_reports_rule_breaks_and_a_late_submission(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    report = verify_bundle(sample_bundle)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY
    assert any("after the hksh-2023 final stage deadline" in note for note in report.notes)
    members = read_members(sample_bundle)
    document = json.loads(members[BAG + "data/submission.json"])
    document["theme"] = "Space travel"
    members[BAG + "data/submission.json"] = json.dumps(document).encode()
    bundle = write_members(tmp_path / "b.zip", resign(members, BAG, secret))
    problems = verify_bundle(bundle).problems
    assert [(p.check, p.member) for p in problems] == [(Check.PROFILE, "data/submission.json")]


def test_a_profile_file_with_an_error_names_the_pointer(tmp_path: Path) -> None:
    document = json.loads((schemas_dir() / "profiles" / "hksh-2023.json").read_text("utf-8"))
    document["stages"][0]["materials"][0]["extensions"] = ["pdf"]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(document))
    with pytest.raises(
        Exception, match=r"at /stages/0/materials/0/extensions/0: 'pdf' does not match"
    ):
        load_profile_file(path)


def test_verify_opens_the_materials_and_names_a_renamed_one(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    members = read_members(sample_bundle)
    # A text file posing as the PDF proposal, in a bundle signed as if all were well.
    members[BAG + "data/attachments/proposal.pdf"] = b"Our proposal will follow by email.\n"
    report = verify_bundle(write_members(tmp_path / "b.zip", resign(members, BAG, secret)))
    assert report.verdict == Verdict.INVALID
    found = [(p.check, p.member, p.message) for p in report.problems]
    assert (Check.PROFILE, "data/attachments/proposal.pdf",
            "docs/proposal.pdf is really text, not .pptx or .ppt or .pdf as a file of kind "
            "proposal must be here; export it in the right format") in found  # fmt: skip
    # Without re-validation the files are not opened: integrity and signature only.
    quick = verify_bundle(tmp_path / "b.zip", revalidate=False)
    assert quick.verdict == Verdict.VALID_UNTRUSTED_KEY


def test_a_city_set_against_the_catalogue_entry_is_a_warning() -> None:
    from hksh_packager.core.submission.profile import check_profile, load_profile

    profile = load_profile("hksh-2023")
    submission = {
        "stage": "final",
        "datasets": [
            {"file": "data/t.csv", "catalogue_id": "hk.hko.latest-1min-temperature",
             "city": "Shanghai"},
            {"file": "data/p.csv", "catalogue_id": "sh.jtw.public-parking", "city": "Shanghai"},
        ],
    }  # fmt: skip
    issues = [
        i for i in check_profile(profile, submission, {}) if "its city is set" in str(i.message)
    ]
    assert [(i.member, i.warning) for i in issues] == [("data/datasets/t.csv", True)]
    assert str(issues[0].message) == (
        "data/t.csv is a Hong Kong dataset (its catalogue entry hk.hko.latest-1min-temperature), "
        "but its city is set to Shanghai; set it to Hong Kong"
    )


def test_the_eligibility_rule_is_the_editions_own_in_each_script() -> None:
    from hksh_packager.core.submission.profile import eligibility_wording, load_profile

    edition_2023, edition_2025 = load_profile("hksh-2023"), load_profile("hksh-2025")
    assert "18 or over" in eligibility_wording(edition_2023)
    assert "18" not in eligibility_wording(edition_2025)
    assert "legally registered" in eligibility_wording(edition_2025, "en")
    assert "合法註冊" in eligibility_wording(edition_2025, "zh_Hant_HK")
    assert "合法注册" in eligibility_wording(edition_2025, "zh_Hans_CN")


def test_a_theme_and_sub_topic_are_named_in_the_readers_script() -> None:
    from hksh_packager.core.submission.presentation import submission_sections
    from hksh_packager.core.submission.profile import load_profile, theme_wording

    profile = load_profile("hksh-2023")
    theme, topic = "Smart Mobility", "Public Transport Interchanges/Bus Stops and Parking"
    assert theme_wording(profile, theme, topic, "zh_Hant_HK") == (
        "智慧出行",
        "公共運輸交匯處、巴士站及泊車",
    )
    assert theme_wording(profile, theme, topic, "zh_Hans_CN")[1] == "公共交通枢纽、公交车站及停车"
    assert theme_wording(profile, "Space travel", None, "zh_Hans_CN") == ("Space travel", None)
    document = {"theme": theme, "subtopic": topic, "title": "T"}
    rows = dict(
        (str(label), str(text))
        for label, text in submission_sections(document, profile, "zh_Hans_CN")[0].rows
    )
    assert rows["Theme"] == "智慧出行" and rows["Sub-topic"].startswith("公共交通枢纽")
