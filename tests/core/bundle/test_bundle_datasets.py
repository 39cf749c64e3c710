"""Datasets in bundles: validated when packing, validated again when verifying."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.bundle_layout import REPORT_MEMBER
from hksh_packager.core.common.errors import InvalidData
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.submission.project import load_project
from hksh_packager.core.validation.project import validate_project
from hksh_packager.core.verify.report import Check, Verdict
from hksh_packager.core.verify.verifier import verify_bundle
from tests.conftest import EPOCH
from tests.helpers import read_members, resign, write_members

BAG = "HKSH2023-T042/"
PARKING = "data/shanghai_public_parking.csv"


def spoil(project: Path) -> None:
    with (project / PARKING).open("a", encoding="utf-8") as handle:
        handle.write("99,坏数据,火星区,x,-5,,\n")


def test_bundle_carries_the_schemas_and_the_report_of_its_datasets(sample_bundle: Path) -> None:
    members = read_members(sample_bundle)
    report = json.loads(members[BAG + REPORT_MEMBER])
    assert report["valid"] is True and report["allow_invalid"] is False
    assert [(d["file"], d["schema"]) for d in report["datasets"]] == [
        ("data/datasets/latest_1min_temperature.csv",
         "data/schemas/hk.hko.latest-1min-temperature.json"),
        ("data/datasets/shanghai_public_parking.csv", "data/schemas/sh.jtw.public-parking.json"),
    ]  # fmt: skip
    assert "HKSH-Allow-Invalid" not in members[BAG + "bag-info.txt"].decode()


def test_invalid_data_is_refused_and_nothing_is_written(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    spoil(project_copy)
    output = tmp_path / "b.zip"
    with pytest.raises(InvalidData, match="shanghai_public_parking.csv fails validation"):
        pack_project(load_project(project_copy), output, secret, epoch=EPOCH)
    assert not output.exists()


def test_allow_invalid_is_recorded_and_verify_reports_it_without_failing(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    spoil(project_copy)
    output = pack_project(
        load_project(project_copy), tmp_path / "b.zip", secret, epoch=EPOCH, allow_invalid=True
    ).path
    members = read_members(output)
    assert "HKSH-Allow-Invalid: yes" in members[BAG + "bag-info.txt"].decode()
    assert json.loads(members[BAG + REPORT_MEMBER])["allow_invalid"] is True
    report = verify_bundle(output)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY, report.problems
    assert any("shanghai_public_parking.csv fails validation" in n for n in report.notes)


def test_a_report_that_hides_errors_is_caught_by_checking_again(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    spoil(project_copy)
    project = load_project(project_copy)
    honest = validate_project(project)
    # A doctored report: the same datasets, every result claiming zero errors.
    doctored = replace(
        honest,
        datasets=tuple(
            replace(d, result=replace(d.result, counts={}, errors=(), invalid_rows=0))
            for d in honest.datasets
        ),
    )
    output = pack_project(project, tmp_path / "b.zip", secret, validation=doctored).path
    report = verify_bundle(output)
    assert report.verdict == Verdict.INVALID
    problem = next(p for p in report.problems if p.check == Check.DATASETS)
    assert problem.member == "data/datasets/shanghai_public_parking.csv"
    assert "the bundled report says valid, 9 rows, 0 errors" in problem.message
    assert verify_bundle(output, revalidate=False).verdict == Verdict.VALID_UNTRUSTED_KEY


def test_bundle_without_a_report_is_invalid(
    tmp_path: Path, sample_bundle: Path, secret: SecretKey
) -> None:
    members = read_members(sample_bundle)
    del members[BAG + REPORT_MEMBER]
    bundle = write_members(tmp_path / "b.zip", resign(members, BAG, secret))
    report = verify_bundle(bundle)
    assert [(p.check, p.member) for p in report.problems] == [(Check.DATASETS, REPORT_MEMBER)]


def test_custom_schema_and_excel_dataset_round_trip(
    tmp_path: Path, project_copy: Path, secret: SecretKey
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "人流"
    book.active.append(["日期", "人次"])
    for day in range(1, 8):
        book.active.append([f"2026-11-{day:02d}", day * 1000])
    book.save(project_copy / "data" / "visitors.xlsx")
    (project_copy / "data" / "visitors.schema.json").write_text(json.dumps({
        "type": "object", "required": ["日期", "人次"],
        "properties": {"日期": {"type": "string", "format": "date"},
                       "人次": {"type": "integer", "minimum": 0}},
    }, ensure_ascii=False), "utf-8")  # fmt: skip
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    document["datasets"].append(
        {
            "file": "data/visitors.xlsx",
            "schema": "data/visitors.schema.json",
            "sheet": "人流",
            "usage": "Visitor counts",
        }
    )
    (project_copy / "submission.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    output = pack_project(load_project(project_copy), tmp_path / "b.zip", secret).path
    with zipfile.ZipFile(output) as archive:
        assert BAG + "data/schemas/visitors.schema.json" in archive.namelist()
    report = verify_bundle(output)
    assert report.verdict == Verdict.VALID_UNTRUSTED_KEY, report.problems
