"""Each rule of the verifier and the packer checked on its own, at, below and above its limit where
it has one, with expected values written out by hand (never computed by the code under test)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.errors import Cancelled, InputError, TimeLimitReached
from hksh_packager.core.common.progress import CancelToken, DeadlineToken
from hksh_packager.core.datasets import json_reader
from hksh_packager.core.datasets.encoding import superset_codec
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.submission.profile import check_profile, load_profile, load_profile_file
from hksh_packager.core.submission.project import load_project
from hksh_packager.core.validation.convert import FLOAT, INT, MISSING, STR, convert_column
from hksh_packager.core.verify.report import Check, Revalidation, Verdict
from hksh_packager.core.verify.safezip import Limits
from hksh_packager.core.verify.verifier import verify_bundle
from tests.conftest import EPOCH
from tests.helpers import read_members, resign, sign_with_comment, write_members

BAG = "HKSH2023-T042/"
COMMENT = "timestamp:0\tfile:tagmanifest-sha256.txt\thashed\tteam:{team}\tsubmission:{submission}"


def _messages(report) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(str(p.check), p.member, p.message) for p in report.problems]


# -- the signature binds the bag ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("team", "submission", "expected"),
    [
        ("T042", "HKSH2023-T042", None),
        ("T999", "HKSH2023-T042", "its trusted comment names team T999 but bag-info.txt says T042"),
        (
            "T042",
            "HKSH2023-X",
            "its trusted comment names submission HKSH2023-X but bag-info.txt says HKSH2023-T042",
        ),
    ],
    ids=["agrees", "other-team", "other-submission"],
)
def test_the_trusted_comment_must_name_the_bags_team_and_submission(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey, team: str, submission: str,
    expected: str | None,
) -> None:  # fmt: skip
    comment = COMMENT.format(team=team, submission=submission)
    members = sign_with_comment(read_members(sample_bundle), secret, comment)
    report = verify_bundle(write_members(tmp_path / "b.zip", members))
    if expected is None:
        assert report.verdict == Verdict.VALID_UNTRUSTED_KEY, report.problems
    else:
        assert report.verdict == Verdict.INVALID
        assert ("signature", "tagmanifest-sha256.txt.minisig", expected) in _messages(report)


def test_a_signature_file_with_one_byte_more_is_edited(tmp_path: Path, sample_bundle: Path) -> None:
    members = read_members(sample_bundle)
    members[BAG + "tagmanifest-sha256.txt.minisig"] += b"\n"
    report = verify_bundle(write_members(tmp_path / "b.zip", members))
    assert ("signature", "tagmanifest-sha256.txt.minisig",
            "was edited: it is not as a signer writes it") in _messages(report)  # fmt: skip


def test_the_bag_folder_must_be_named_after_the_submission(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    members = {
        "RENAMED/" + name[len(BAG) :]: data for name, data in read_members(sample_bundle).items()
    }
    report = verify_bundle(write_members(tmp_path / "b.zip", resign(members, "RENAMED/", secret)))
    expected = "names submission HKSH2023-T042 but the bag folder is RENAMED"
    assert ("bag-info", "bag-info.txt", expected) in _messages(report)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("submission_id", "HKSH2023-T043",
         "submission_id is HKSH2023-T043 but bag-info.txt External-Identifier is HKSH2023-T042"),
        ("team", "T043", "team.id is T043 but bag-info.txt HKSH-Team-Id is T042"),
    ],
)  # fmt: skip
def test_submission_json_must_agree_with_bag_info(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey, field: str, value: str, expected: str
) -> None:
    members = read_members(sample_bundle)
    document = json.loads(members[BAG + "data/submission.json"])
    if field == "team":
        document["team"]["id"] = value
    else:
        document[field] = value
    members[BAG + "data/submission.json"] = json.dumps(document).encode()
    report = verify_bundle(write_members(tmp_path / "b.zip", resign(members, BAG, secret)))
    assert ("submission", "data/submission.json", expected) in _messages(report)


# -- invalid data must be declared ----------------------------------------------------------------


@pytest.fixture
def invalid_project(project_copy: Path) -> Path:
    data = project_copy / "data" / "shanghai_public_parking.csv"
    data.write_text(data.read_text("utf-8") + "9,坏数据,黄浦区,某路,-5,121.47,31.23\n", "utf-8")
    return project_copy


def test_invalid_data_packed_on_purpose_is_a_note(
    tmp_path: Path, invalid_project: Path, secret: SecretKey
) -> None:
    bundle = pack_project(
        load_project(invalid_project), tmp_path / "b.zip", secret, epoch=EPOCH, allow_invalid=True
    ).path
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY, report.problems
    # Judges read the count and what fails, never "passed" and never raw JSON.
    assert report.revalidation == Revalidation.DECLARED_INVALID and report.declared_errors > 0
    [note] = [n for n in report.notes if "as the team declared when packing" in n]
    assert f"fails validation with {report.declared_errors} error" in note
    assert "[{" not in note and " x1" in note
    from hksh_packager.core.verify.intake import datasets_said

    assert str(datasets_said(report)).startswith("declared invalid: ")


def test_invalid_data_without_the_declaration_is_a_problem(
    tmp_path: Path, invalid_project: Path, secret: SecretKey
) -> None:
    bundle = pack_project(
        load_project(invalid_project), tmp_path / "b.zip", secret, epoch=EPOCH, allow_invalid=True
    ).path
    members = read_members(bundle)
    info = members[BAG + "bag-info.txt"].decode().replace("HKSH-Allow-Invalid: yes\n", "")
    members[BAG + "bag-info.txt"] = info.encode()
    report = verify_bundle(write_members(tmp_path / "undeclared.zip", resign(members, BAG, secret)))
    assert report.verdict == Verdict.INVALID
    assert any(
        member == "data/datasets/shanghai_public_parking.csv"
        and "does not declare HKSH-Allow-Invalid" in message
        for _, member, message in _messages(report)
    )


# -- size limits: at the limit is allowed, one byte over is not -----------------------------------


def _profile_with(tmp_path: Path, **changes: object) -> Path:
    from hksh_packager.core.common.paths import schemas_dir

    document = json.loads((schemas_dir() / "profiles" / "hksh-2023.json").read_text("utf-8"))
    for key, value in changes.items():
        if key == "max_file_bytes":
            document["datasets"]["max_file_bytes"] = value
        elif key == "max_bundle_bytes":
            for stage in document["stages"]:
                stage["max_bundle_bytes"] = value
        else:
            document[key] = value
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize("slack", [0, 1, -1], ids=["at", "above", "below"])
def test_the_bundle_size_limit(
    tmp_path: Path, sample_bundle: Path, sample_dir: Path, secret: SecretKey, slack: int
) -> None:
    size = sample_bundle.stat().st_size
    profile = load_profile_file(_profile_with(tmp_path, max_bundle_bytes=size + slack))
    output = tmp_path / "b.zip"
    if slack < 0:
        with pytest.raises(InputError, match=f"the bundle would be {size} bytes"):
            pack_project(load_project(sample_dir), output, secret, epoch=EPOCH, profile=profile)
        assert not output.exists()
        report = verify_bundle(sample_bundle, profile=profile)
        assert ("profile", "", f"the bundle is {size} bytes; hksh-2023 accepts at most "
                f"{size - 1}") in _messages(report)  # fmt: skip
    else:
        pack_project(load_project(sample_dir), output, secret, epoch=EPOCH, profile=profile)
        assert output.read_bytes() == sample_bundle.read_bytes()
        assert verify_bundle(sample_bundle, profile=profile).verdict == Verdict.VALID_UNTRUSTED_KEY


@pytest.mark.parametrize("slack", [0, 1, -1], ids=["at", "above", "below"])
def test_the_dataset_size_limit(
    tmp_path: Path, sample_bundle: Path, sample_dir: Path, slack: int
) -> None:
    size = (sample_dir / "data" / "shanghai_public_parking.csv").stat().st_size
    limit = size + slack
    profile = load_profile_file(_profile_with(tmp_path, max_file_bytes=limit))
    report = verify_bundle(sample_bundle, profile=profile)
    broken = ("profile", "data/datasets/shanghai_public_parking.csv",
              f"data/shanghai_public_parking.csv is {size} bytes; the limit for a dataset is "
              f"{limit} bytes")  # fmt: skip
    assert (broken in _messages(report)) == (slack < 0)


@pytest.mark.parametrize("slack", [0, -1], ids=["at", "below"])
def test_the_revalidation_byte_budget(sample_bundle: Path, slack: int) -> None:
    datasets = 681 + 681  # the two sample datasets, as listed in resources/sample/data
    report = verify_bundle(sample_bundle, limits=Limits(max_revalidate_bytes=datasets + slack))
    over = any("re-validation checks at most" in p.message for p in report.problems)
    assert over == (slack < 0)


def test_the_revalidation_time_budget_is_reported_not_raised(sample_bundle: Path) -> None:
    report = verify_bundle(sample_bundle, limits=Limits(max_revalidate_seconds=0))
    assert report.verdict == Verdict.INVALID
    assert any(p.check == Check.DATASETS and "stopped after its time limit of 0 s" in p.message
               for p in report.problems)  # fmt: skip


def test_a_users_cancel_is_not_taken_for_the_time_limit() -> None:
    parent = CancelToken()
    budget = DeadlineToken(parent, 3600)
    budget.raise_if_cancelled()
    parent.cancel()
    with pytest.raises(Cancelled) as caught:
        budget.raise_if_cancelled()
    assert not isinstance(caught.value, TimeLimitReached)
    with pytest.raises(TimeLimitReached):
        DeadlineToken(CancelToken(), 0).raise_if_cancelled()


@pytest.mark.parametrize("slack", [0, 1], ids=["at", "above"])
def test_the_json_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slack: int) -> None:
    path = tmp_path / "records.json"
    path.write_text('[{"a": 1}]')
    monkeypatch.setattr(json_reader, "MAX_JSON_BYTES", path.stat().st_size - slack)
    if slack:
        with pytest.raises(InputError, match="at most 9 bytes can be checked"):
            json_reader.open_json(path)
    else:
        assert json_reader.open_json(path).columns == ("a",)


# -- encodings and numbers, against tables written by hand --------------------------------------


@pytest.mark.parametrize(
    ("detected", "read_as"),
    [("big5", "big5hkscs"), ("cp950", "big5hkscs"), ("big5hkscs", "big5hkscs"),
     ("gbk", "gb18030"), ("gb2312", "gb18030"), ("cp936", "gb18030"), ("gb18030", "gb18030"),
     ("utf-8", "utf-8")],
)  # fmt: skip
def test_base_chinese_encodings_are_read_as_their_supersets(detected: str, read_as: str) -> None:
    assert superset_codec(detected) == read_as


def test_the_supersets_decode_what_the_base_sets_cannot() -> None:
    assert "㗎".encode("big5hkscs").decode(superset_codec("big5")) == "㗎"
    assert "𠀀".encode("gb18030").decode(superset_codec("gbk")) == "𠀀"


NUMBERS = [
    ("12", INT, 12.0), ("-0.5", FLOAT, -0.5), ("1e3", FLOAT, 1000.0), (".5", FLOAT, 0.5),
    ("-.5", FLOAT, -0.5), ("+7", INT, 7.0), ("5.", FLOAT, 5.0), ("1E-2", FLOAT, 0.01),
    (".", STR, None), ("1.2.3", STR, None), ("e3", STR, None), ("12 ", STR, None),
    ("0x1F", STR, None), ("", MISSING, None), ("١٢", STR, None),
]  # fmt: skip


def test_numeric_text_becomes_a_number_by_the_documented_rules() -> None:
    cells = pa.chunked_array([[text for text, _, _ in NUMBERS]], pa.string())
    column = convert_column(cells, frozenset({"number"}))
    for index, (text, kind, value) in enumerate(NUMBERS):
        assert column.kind[index] == kind, text
        if value is not None:
            assert column.number[index] == pytest.approx(value), text


def test_bag_info_must_name_the_key_that_signed(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    members = read_members(sample_bundle)
    info = members[BAG + "bag-info.txt"].decode()
    members[BAG + "bag-info.txt"] = info.replace(
        f"HKSH-Key-Id: {secret.public_key.id_hex}", "HKSH-Key-Id: 0000000000000000"
    ).encode()
    report = verify_bundle(write_members(tmp_path / "b.zip", resign(members, BAG, secret)))
    assert ("signature", "bag-info.txt", "names key 0000000000000000 but the bundle is signed by "
            f"key {secret.public_key.id_hex}") in _messages(report)  # fmt: skip


def test_the_report_must_describe_the_bundled_bytes(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    members = read_members(sample_bundle)
    report_name = BAG + "data/reports/validation.json"
    document = json.loads(members[report_name])
    document["datasets"][0]["sha256"] = "0" * 64
    members[report_name] = json.dumps(document).encode()
    report = verify_bundle(write_members(tmp_path / "b.zip", resign(members, BAG, secret)))
    file = document["datasets"][0]["file"]
    assert ("datasets", file, "its SHA-256 in data/reports/validation.json is not the one in "
            "manifest-sha256.txt: the report describes other bytes than the bundled file") in (
        _messages(report)
    )  # fmt: skip


@pytest.mark.parametrize("slack", [0, -1], ids=["at", "below"])
def test_the_material_byte_budget(sample_bundle: Path, sample_dir: Path, slack: int) -> None:
    materials = sum((sample_dir / "docs" / name).stat().st_size
                    for name in ("proposal.pdf", "architecture.png"))  # fmt: skip
    report = verify_bundle(sample_bundle, limits=Limits(max_material_bytes=materials + slack))
    over = any("they are opened only up to" in p.message for p in report.problems)
    assert over == (slack < 0)


# -- rules a mutation run found no test for (.ci/mutants.py) --------------------------------------

REPORT = BAG + "data/reports/validation.json"
PARKING = "data/datasets/shanghai_public_parking.csv"


def _resigned(sample_bundle: Path, tmp_path: Path, secret: SecretKey, edit) -> Path:  # type: ignore[no-untyped-def]
    members = read_members(sample_bundle)
    edit(members)
    return write_members(tmp_path / "edited.zip", resign(members, BAG, secret))


def _bag_info_line(label: str, value: str | None):  # type: ignore[no-untyped-def]
    """An edit setting (or, with None, removing) one bag-info.txt field."""

    def edit(members: dict[str, bytes]) -> None:
        lines = [line for line in members[BAG + "bag-info.txt"].decode().splitlines()
                 if not line.startswith(label + ":")]  # fmt: skip
        if value is not None:
            lines.append(f"{label}: {value}")
        members[BAG + "bag-info.txt"] = ("\n".join(lines) + "\n").encode()

    return edit


def test_a_dataset_the_report_leaves_out_is_a_problem_and_so_is_one_it_adds(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    def leave_out(members: dict[str, bytes]) -> None:
        report = json.loads(members[REPORT])
        report["datasets"] = [d for d in report["datasets"] if d["file"] != PARKING]
        members[REPORT] = json.dumps(report).encode()

    report = verify_bundle(_resigned(sample_bundle, tmp_path, secret, leave_out))
    assert ("datasets", PARKING, "has no result in data/reports/validation.json") in _messages(
        report
    )

    def add(members: dict[str, bytes]) -> None:
        report = json.loads(members[REPORT])
        extra = dict(report["datasets"][0], file="data/datasets/never_named.csv")
        report["datasets"].append(extra)
        members[REPORT] = json.dumps(report).encode()

    report = verify_bundle(_resigned(sample_bundle, tmp_path, secret, add))
    assert any(member == "data/datasets/never_named.csv" and "does not name it" in message
               for _, member, message in _messages(report))  # fmt: skip


@pytest.mark.parametrize("value", ["no", "YES", "true", "1"])
def test_only_yes_declares_invalid_data(
    tmp_path: Path, invalid_project: Path, secret: SecretKey, value: str
) -> None:
    bundle = pack_project(
        load_project(invalid_project), tmp_path / "b.zip", secret, epoch=EPOCH, allow_invalid=True
    ).path
    members = read_members(bundle)
    _bag_info_line("HKSH-Allow-Invalid", value)(members)
    report = verify_bundle(write_members(tmp_path / "other.zip", resign(members, BAG, secret)))
    assert report.verdict == Verdict.INVALID
    assert any("does not declare HKSH-Allow-Invalid" in m for _, _, m in _messages(report))


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("HKSH-Bundle-Format", "2", "declares bundle format 2; this version reads format 1"),
        ("HKSH-Bundle-Format", None, "has no 'HKSH-Bundle-Format' field"),
        ("Bagging-Date", "2023-13-45", "Bagging-Date '2023-13-45' is not a date"),
        ("External-Identifier", "HKSH2023-T043", "names submission HKSH2023-T043 but the bag "
         "folder is HKSH2023-T042"),
    ],
    ids=["unknown-format", "no-format", "bad-bagging-date", "identifier-not-folder"],
)  # fmt: skip
def test_bag_info_fields_the_verifier_relies_on(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey, label: str, value: str | None,
    expected: str,
) -> None:  # fmt: skip
    report = verify_bundle(_resigned(sample_bundle, tmp_path, secret, _bag_info_line(label, value)))
    assert report.verdict == Verdict.INVALID
    assert any(expected in message for _, _, message in _messages(report)), _messages(report)


@pytest.mark.parametrize(
    ("packed", "late"), [("2023-08-13", False), ("2023-08-14", True), ("2023-08-12", False)],
    ids=["deadline-day", "day-after", "day-before"],
)  # fmt: skip
def test_a_bundle_packed_on_the_deadline_day_is_on_time(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey, packed: str, late: bool
) -> None:
    # hksh-2023's final stage closes on 2023-08-13 at 23:59:59 (UTC+8).
    report = verify_bundle(
        _resigned(sample_bundle, tmp_path, secret, _bag_info_line("Bagging-Date", packed))
    )
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY
    notes = [n for n in report.notes if "after the hksh-2023 final stage deadline" in n]
    assert bool(notes) == late, report.notes


@pytest.mark.parametrize("slack", [0, 1, -1], ids=["at", "above", "below"])
def test_the_material_size_limit(
    tmp_path: Path, sample_bundle: Path, sample_dir: Path, slack: int
) -> None:
    size = (sample_dir / "docs" / "architecture.png").stat().st_size
    document = json.loads(_profile_with(tmp_path).read_text("utf-8"))
    final = next(stage for stage in document["stages"] if stage["id"] == "final")
    next(rule for rule in final["materials"] if rule["kind"] == "image")["max_bytes"] = size + slack
    (tmp_path / "profile.json").write_text(json.dumps(document))
    report = verify_bundle(sample_bundle, profile=load_profile_file(tmp_path / "profile.json"))
    broken = ("profile", "data/attachments/architecture.png",
              f"docs/architecture.png is {size} bytes; the limit for a file of kind image is "
              f"{size + slack} bytes")  # fmt: skip
    assert (broken in _messages(report)) == (slack < 0)


@pytest.mark.parametrize("proposals", [1, 2], ids=["at-the-count", "one-more"])
def test_the_material_count_limit(proposals: int) -> None:
    # hksh-2023's proposal stage takes one proposal (and requires one, and a video).
    profile = load_profile("hksh-2023")
    submission = {
        "stage": "proposal",
        "attachments": [{"file": f"docs/p{i}.pptx", "kind": "proposal"} for i in range(proposals)]
        + [{"file": "docs/demo.mp4", "kind": "video"}],
    }
    messages = [str(issue.message) for issue in check_profile(profile, submission, {})
                if issue.rule == "materials"]  # fmt: skip
    over = "There are 2 materials of kind proposal; at most 1 is allowed"
    assert (over in messages) == (proposals > 1)


def test_an_attachment_named_but_not_bundled_is_a_problem(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    def drop(members: dict[str, bytes]) -> None:
        del members[BAG + "data/attachments/architecture.png"]

    report = verify_bundle(_resigned(sample_bundle, tmp_path, secret, drop))
    assert report.verdict == Verdict.INVALID
    missing = (
        "is named in submission.json (attachments: docs/architecture.png) but is not in the bundle"
    )
    assert ("submission", "data/attachments/architecture.png", missing) in _messages(report)


def test_rows_the_team_says_are_not_data_are_left_out_by_the_verifier_too(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    """A total row the team added under its table, declared as not data: pack validates without
    it, and the organisers' verifier, re-validating from the bundle, leaves out the same row."""
    import json

    from hksh_packager.core.validation.project import validate_project

    data = project_copy / "data" / "shanghai_public_parking.csv"
    with data.open("a", encoding="utf-8") as handle:
        handle.write(",全市合计,,,1234,,\n")
    path = project_copy / "submission.json"
    document = json.loads(path.read_text("utf-8"))
    entry = next(d for d in document["datasets"] if d["file"].endswith("parking.csv"))
    assert not validate_project(load_project(project_copy)).valid  # the total row fails
    entry["skip_rows"] = ["停车场名称=合计$"]
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    validation = validate_project(load_project(project_copy))
    assert validation.valid
    [kept] = [d for d in validation.datasets if d.member.endswith("parking.csv")]
    assert kept.options["skip_rows"] == ["停车场名称=合计$"] and kept.result.skipped
    bundle = pack_project(load_project(project_copy), tmp_path / "b.zip", secret, epoch=EPOCH).path
    report = verify_bundle(bundle)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY, report.problems
    assert report.revalidation == Revalidation.PASSED
    # Judges are told the team chose which rows are data, and how many it left out.
    [note] = [n for n in report.notes if "read with the team's own options" in n]
    assert 'skip_rows=["停车场名称=合计$"]' in note and "1 row is left out as not data" in note


def test_a_pattern_of_rows_that_cannot_run_in_linear_time_is_refused(project_copy: Path) -> None:
    import json

    from hksh_packager.core.common.errors import InputError
    from hksh_packager.core.validation.project import validate_entry

    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    entry = dict(document["datasets"][0], skip_rows=["(a+)+\\1"])
    with pytest.raises(InputError, match="the pattern of rows that are not data"):
        validate_entry(project_copy, entry)


# -- materials and datasets, checked at the same time ---------------------------------------------


def test_a_bad_material_and_the_datasets_are_both_reported_materials_first(
    tmp_path: Path, invalid_project: Path, secret: SecretKey
) -> None:
    """The materials are read in their own process while the datasets are checked: a material
    that is not what it says no longer hides what the datasets hold."""
    bundle = pack_project(
        load_project(invalid_project), tmp_path / "b.zip", secret, epoch=EPOCH, allow_invalid=True
    ).path
    members = read_members(bundle)
    members[BAG + "data/attachments/architecture.png"] = b"not a picture\n"
    report = verify_bundle(write_members(tmp_path / "edited.zip", resign(members, BAG, secret)))
    assert report.verdict == Verdict.INVALID
    [problem] = report.problems
    assert (problem.check, problem.member) == (Check.PROFILE, "data/attachments/architecture.png")
    assert problem.message.startswith("docs/architecture.png is really text, not .png")
    assert report.revalidation == Revalidation.DECLARED_INVALID and report.declared_errors > 0
    assert any("as the team declared when packing" in note for note in report.notes)


def test_materials_come_before_what_the_datasets_check_found(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    members = read_members(sample_bundle)
    members[BAG + "data/attachments/architecture.png"] = b"not a picture\n"
    document = json.loads(members[REPORT])
    document["datasets"][0]["sha256"] = "0" * 64
    members[REPORT] = json.dumps(document).encode()
    report = verify_bundle(write_members(tmp_path / "b.zip", resign(members, BAG, secret)))
    checks = [(str(p.check), p.member) for p in report.problems]
    assert checks == [
        ("profile", "data/attachments/architecture.png"),
        ("datasets", document["datasets"][0]["file"]),
    ]  # fmt: skip
    assert report.revalidation == Revalidation.FAILED
