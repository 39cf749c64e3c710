"""Bundles validly signed by their own team's key whose content is hostile: each is reported as a
problem, never an exception, never a hang, and never makes the verifier read other files."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.verify.report import Verdict, VerificationReport
from hksh_packager.core.verify.verifier import verify_bundle
from tests.helpers import read_members, resign, write_members

BAG = "HKSH2023-T042/"
SUBMISSION = BAG + "data/submission.json"
REPORT = BAG + "data/reports/validation.json"
BAG_INFO = BAG + "bag-info.txt"
TEMPERATURE = "data/datasets/latest_1min_temperature.csv"
TEMPERATURE_SCHEMA = "data/schemas/hk.hko.latest-1min-temperature.json"

Members = dict[str, bytes]


def _json(members: Members, name: str) -> Any:
    return json.loads(members[name])


def _put(members: Members, name: str, document: Any) -> None:
    members[name] = json.dumps(document, ensure_ascii=False).encode()


def _hostile(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey, edit: Callable[[Members], None]
) -> VerificationReport:
    members = read_members(sample_bundle)
    edit(members)
    bundle = write_members(tmp_path / "hostile.zip", resign(members, BAG, secret))
    return verify_bundle(bundle)


def _problems(report: VerificationReport) -> list[tuple[str, str, str]]:
    return [(str(p.check), p.member, p.message) for p in report.problems]


def _edit_report(change: Callable[[dict[str, Any]], None]) -> Callable[[Members], None]:
    def edit(members: Members) -> None:
        report = _json(members, REPORT)
        change(report)
        _put(members, REPORT, report)

    return edit


def _temperature_entry(report: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in report["datasets"] if d["file"] == TEMPERATURE)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: _temperature_entry(r).pop("file"), "'file' is a required property"),
        (lambda r: _temperature_entry(r).update(file=["a", "b"]), "is not of type 'string'"),
        (lambda r: _temperature_entry(r)["options"].update(delimiter=";"), "'delimiter' was"),
        (lambda r: _temperature_entry(r)["options"].update(encoding=7), "7 is not of type"),
        (lambda r: _temperature_entry(r)["result"].update(rows="8"), "'8' is not of type"),
        (lambda r: r.update(datasets={"a": 1}), "is not of type 'array'"),
    ],
    ids=["no-file", "file-list", "unknown-option", "option-type", "rows-text", "datasets-object"],
)
def test_a_malformed_report_is_a_problem_not_a_crash(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey, change, expected: str
) -> None:  # type: ignore[no-untyped-def]
    report = _hostile(sample_bundle, tmp_path, secret, _edit_report(change))
    assert report.verdict == Verdict.INVALID
    assert any(
        check == "datasets" and member == "data/reports/validation.json" and expected in message
        for check, member, message in _problems(report)
    ), _problems(report)


def test_a_codec_that_is_not_a_text_encoding_is_refused(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    edit = _edit_report(lambda r: _temperature_entry(r)["options"].update(encoding="bz2_codec"))
    report = _hostile(sample_bundle, tmp_path, secret, edit)
    assert report.verdict == Verdict.INVALID
    assert ("datasets", TEMPERATURE) in [(c, m) for c, m, _ in _problems(report)]
    assert "unknown encoding 'bz2_codec'" in str(report.problems)


@pytest.mark.parametrize("name", [SUBMISSION, REPORT])
def test_json_nested_ten_thousand_deep_is_a_problem(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey, name: str
) -> None:
    def edit(members: Members) -> None:
        members[name] = b"[" * 10_000 + b"]" * 10_000

    report = _hostile(sample_bundle, tmp_path, secret, edit)
    assert report.verdict == Verdict.INVALID
    assert any("deep" in message for _, _, message in _problems(report)), _problems(report)


def test_a_profile_id_that_climbs_folders_is_never_read(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hksh_packager.core.common.paths import schemas_dir

    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"id": "stolen"}))
    climb = os.path.relpath(elsewhere.with_suffix(""), schemas_dir() / "profiles")
    opened: list[Path] = []
    real_read = Path.read_text

    def watching(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(self.resolve())
        return real_read(self, *args, **kwargs)

    def edit(members: Members) -> None:
        text = (
            members[BAG_INFO].decode().replace("HKSH-Profile: hksh-2023", f"HKSH-Profile: {climb}")
        )
        members[BAG_INFO] = text.encode()

    monkeypatch.setattr(Path, "read_text", watching)
    report = _hostile(sample_bundle, tmp_path, secret, edit)
    print(_problems(report), climb)
    assert report.verdict == Verdict.INVALID
    assert any(check == "profile" and "no profile for challenge" in message
               for check, _, message in _problems(report))  # fmt: skip
    assert elsewhere.resolve() not in opened


def test_a_challenge_that_is_a_path_breaks_the_submission_schema(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    def edit(members: Members) -> None:
        document = _json(members, SUBMISSION)
        document["challenge"] = "../../etc/passwd"
        _put(members, SUBMISSION, document)

    report = _hostile(sample_bundle, tmp_path, secret, edit)
    assert report.verdict == Verdict.INVALID
    assert any(check == "submission" and "/challenge" in message
               for check, _, message in _problems(report))  # fmt: skip


def _as_custom_schema(schema: dict[str, Any]) -> Callable[[Members], None]:
    """The temperature dataset checked against a bundled custom schema instead of its catalogue
    entry, as a team may do."""

    def edit(members: Members) -> None:
        document = _json(members, SUBMISSION)
        entry = next(d for d in document["datasets"] if d["file"].endswith("temperature.csv"))
        entry.pop("catalogue_id")
        entry["schema"] = "data/custom.schema.json"
        _put(members, SUBMISSION, document)
        members[BAG + "data/schemas/custom.schema.json"] = json.dumps(schema).encode()
        del members[BAG + TEMPERATURE_SCHEMA]  # no longer named: the catalogue's copy goes
        report = _json(members, REPORT)
        _temperature_entry(report).update(
            catalogue_id=None, schema="data/schemas/custom.schema.json"
        )
        _put(members, REPORT, report)

    return edit


def test_a_schema_whose_dollar_schema_is_a_number_is_a_problem(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    edit = _as_custom_schema({"$schema": 5, "type": "object"})
    report = _hostile(sample_bundle, tmp_path, secret, edit)
    assert report.verdict == Verdict.INVALID
    assert any(member == TEMPERATURE and "/$schema is 5" in message
               for _, member, message in _problems(report)), _problems(report)  # fmt: skip


def test_a_ref_to_a_file_outside_the_bundle_is_refused(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    # The organiser's own catalogue lies a few folders up from the temporary folder; absolute
    # and relative references must both stay unresolved.
    target = tmp_path / "secret.json"
    target.write_text('{"type": "object"}')
    for ref in (str(target), "../../../../../../../../" + str(target).lstrip("/")):
        edit = _as_custom_schema({"$ref": ref})
        report = _hostile(sample_bundle, tmp_path, secret, edit)
        assert report.verdict == Verdict.INVALID
        assert any(member == TEMPERATURE and "cannot be found beside the schema" in message
                   for _, member, message in _problems(report)), _problems(report)  # fmt: skip


def test_junk_data_with_a_loosened_copy_of_a_catalogue_schema_is_checked_against_ours(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    junk = b"Date time,Automatic Weather Station,Air Temperature(degree Celsius)\nnot a time,,999\n"

    def edit(members: Members) -> None:
        members[BAG + TEMPERATURE] = junk
        loose = _json(members, BAG + TEMPERATURE_SCHEMA)
        loose["properties"] = {name: {} for name in loose["properties"]}
        loose["required"] = []
        _put(members, BAG + TEMPERATURE_SCHEMA, loose)
        report = _json(members, REPORT)
        entry = _temperature_entry(report)
        entry["sha256"] = hashlib.sha256(junk).hexdigest()
        entry["result"].update(valid=True, rows=1, invalid_rows=0, error_count=0,
                               error_counts=[], table_problems=[])  # fmt: skip
        _put(members, REPORT, report)

    report = _hostile(sample_bundle, tmp_path, secret, edit)
    assert report.verdict == Verdict.INVALID
    assert any(member == TEMPERATURE and "checking again gives invalid" in message
               for _, member, message in _problems(report)), _problems(report)  # fmt: skip
    assert any("differs from this computer's catalogue" in note for note in report.notes)


def test_a_made_up_catalogue_id_is_looked_up_and_refused(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    def edit(members: Members) -> None:
        document = _json(members, SUBMISSION)
        document["datasets"][0]["catalogue_id"] = "hk.made.up"
        _put(members, SUBMISSION, document)
        # The bundled copy goes where a schema of that id would be.
        members[BAG + "data/schemas/hk.made.up.json"] = members.pop(BAG + TEMPERATURE_SCHEMA)
        report = _json(members, REPORT)
        _temperature_entry(report).update(
            catalogue_id="hk.made.up", schema="data/schemas/hk.made.up.json"
        )
        _put(members, REPORT, report)

    report = _hostile(sample_bundle, tmp_path, secret, edit)
    assert report.verdict == Verdict.INVALID
    assert ("datasets", TEMPERATURE, "names catalogue id hk.made.up, which is not in this "
            "computer's dataset catalogue") in _problems(report)  # fmt: skip


def test_a_report_and_submission_that_disagree_on_the_catalogue_id_are_a_problem(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    edit = _edit_report(lambda r: _temperature_entry(r).update(catalogue_id=None))
    report = _hostile(sample_bundle, tmp_path, secret, edit)
    assert any(member == TEMPERATURE and "gives catalogue id None but submission.json gives "
               "hk.hko.latest-1min-temperature" in message
               for _, member, message in _problems(report))  # fmt: skip


def test_a_dataset_named_like_the_schema_folder_is_checked_not_crashed(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    def edit(members: Members) -> None:
        document = _json(members, SUBMISSION)
        document["datasets"][0]["file"] = "data/schemas"
        _put(members, SUBMISSION, document)
        members[BAG + "data/datasets/schemas"] = members.pop(BAG + TEMPERATURE)
        report = _json(members, REPORT)
        _temperature_entry(report)["file"] = "data/datasets/schemas"
        _put(members, REPORT, report)

    report = _hostile(sample_bundle, tmp_path, secret, edit)
    assert report.verdict == Verdict.INVALID
    assert any(member == "data/datasets/schemas" and "cannot be validated again" in message
               for _, member, message in _problems(report)), _problems(report)  # fmt: skip
