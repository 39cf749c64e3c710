"""The dataset catalogue: real entries, their samples, search and header matching."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from hksh_packager.core.catalogue.catalogue import load_catalogue, load_entry
from hksh_packager.core.common.errors import SchemaProblem
from hksh_packager.core.common.paths import schemas_dir
from hksh_packager.core.datasets.tables import open_table
from hksh_packager.core.validation.engine import validate_table
from hksh_packager.core.validation.infer import infer_schema
from hksh_packager.core.validation.schema import parse_schema

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "catalogue"
CATALOGUE = load_catalogue()
IDS = sorted(CATALOGUE.entries)


def sample(entry_id: str, name: str) -> Path:
    return next((SAMPLES / entry_id).glob(f"{name}.*"))


def test_every_schema_file_is_a_valid_draft_2020_12_schema() -> None:
    files = sorted(schemas_dir().rglob("*.json"))
    assert len(files) >= 24
    for path in files:
        Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))


def test_the_catalogue_holds_at_least_ten_datasets_of_each_city() -> None:
    cities = [entry.city for entry in CATALOGUE.entries.values()]
    assert cities.count("Hong Kong") >= 10 and cities.count("Shanghai") >= 10


def test_every_entry_has_a_valid_and_a_broken_sample() -> None:
    assert sorted(p.name for p in SAMPLES.iterdir()) == IDS


@pytest.mark.parametrize("entry_id", IDS)
def test_valid_sample_passes_and_broken_sample_fails_as_expected(entry_id: str) -> None:
    entry = CATALOGUE.get(entry_id)
    valid = validate_table(
        open_table(sample(entry_id, "valid"), pointer=entry.pointer), entry.schema
    )
    assert valid.valid, (valid.errors, valid.table_problems)
    broken = validate_table(open_table(sample(entry_id, "broken"), pointer=entry.pointer),
                            entry.schema)  # fmt: skip
    expected = json.loads((SAMPLES / entry_id / "expected-errors.json").read_text("utf-8"))
    assert sorted([e.row, e.column, e.keyword] for e in broken.errors) == sorted(expected)


def _rewritten_header(path: Path, tmp_path: Path, pointer: str | None) -> Path:
    """The same sample with its columns shuffled and spaces around the header names."""
    table = open_table(path, pointer=pointer)
    rows = [r for chunk in table.chunks() for r in chunk.row_lists()]
    order = list(range(len(table.columns)))
    random.Random(len(order)).shuffle(order)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f"  {table.columns[i]} " for i in order])
    writer.writerows([[row[i] for i in order] for row in rows])
    target = tmp_path / "reordered.csv"
    target.write_bytes(buffer.getvalue().encode("utf-8-sig"))  # with a BOM
    return target


@pytest.mark.parametrize("entry_id", IDS)
def test_header_matching_picks_the_entry_of_each_sample(entry_id: str, tmp_path: Path) -> None:
    entry = CATALOGUE.get(entry_id)
    path = sample(entry_id, "valid")
    columns = list(open_table(path, pointer=entry.pointer).columns)
    best = CATALOGUE.match_header(columns, entry.format)[0]
    assert best.entry.id == entry_id and not best.missing_required and best.score == 1
    # The same columns shuffled, with spaces around the names: found as a hint, never exact.
    shuffled = _rewritten_header(path, tmp_path, entry.pointer)
    hinted = CATALOGUE.match_header(list(open_table(shuffled).columns), entry.format)[0]
    assert hinted.entry.id == entry_id and hinted.folded and not hinted.matched


@pytest.mark.parametrize(
    ("traditional", "simplified", "expected"),
    [
        ("停車場", "停车场", {"hk.td.carpark-info", "sh.jtw.public-parking"}),
        ("醫院", "医院", {"hk.ha.ae-waiting-time", "sh.wjw.medical-institutions"}),
        ("空氣質素", "空气质素", {"hk.epd.aqhi-past-24h"}),
        ("學校", "学校", {"hk.edb.school-list", "sh.jyj.schools"}),
    ],
)
def test_traditional_and_simplified_find_the_same_entries(traditional, simplified, expected):
    by_traditional = {e.id for e, _ in CATALOGUE.search(traditional)}
    assert by_traditional == {e.id for e, _ in CATALOGUE.search(simplified)}
    assert expected <= by_traditional


def test_english_search_ranks_titles_first_and_needs_every_word() -> None:
    found = [e.id for e, _ in CATALOGUE.search("air quality")]
    # The three entries titled with both words come before any that has them elsewhere.
    assert set(found[:3]) == {"hk.epd.aqhi-past-24h", "hk.epd.aqhi-past-record",
                              "sh.sthj.air-quality-hourly"}  # fmt: skip
    assert CATALOGUE.search("air quality zebra") == []


def test_unknown_id_suggests_close_ones() -> None:
    with pytest.raises(Exception, match="did you mean hk.ha.ae-waiting-time"):
        CATALOGUE.get("hk.ha.ae-waiting")


def test_entry_with_broken_metadata_names_the_file_and_pointer(tmp_path: Path) -> None:
    source = schemas_dir() / "datasets" / "sh" / "sh.jyj.schools.json"
    document = json.loads(source.read_text("utf-8"))
    document["x-catalogue"]["portal"] = "ftp://example"
    (tmp_path / "sh").mkdir()
    target = tmp_path / "sh" / "sh.jyj.schools.json"
    target.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    with pytest.raises(SchemaProblem, match=r"sh\.jyj\.schools\.json: at /x-catalogue/portal"):
        load_entry(target)
    shutil.copy(source, tmp_path / "sh" / "sh.other.json")
    with pytest.raises(SchemaProblem, match="the file must be sh/sh.jyj.schools.json"):
        load_entry(tmp_path / "sh" / "sh.other.json")


def test_inferred_schema_accepts_its_file_and_rejects_a_different_one(tmp_path: Path) -> None:
    path = sample("sh.sthj.air-quality-hourly", "valid")
    draft = parse_schema(infer_schema(open_table(path)), "draft")
    assert validate_table(open_table(path), draft).valid
    other = validate_table(open_table(sample("sh.jyj.schools", "valid")), draft)
    assert not other.valid
    assert {p.rule for p in other.table_problems} >= {"required", "x-headers"}


def test_inference_drafts_types_nulls_ranges_dates_and_enums(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    lines = ["日期,站,值,有效,類別"] + [
        f"2026-11-{d:02d},S{d},{'' if d == 3 else d * 1.5},{'true' if d % 2 else 'false'},"
        f"{'甲乙'[d % 2]}"
        for d in range(1, 11)
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    draft = infer_schema(open_table(path))
    props = draft["properties"]
    assert props["日期"] == {"type": "string", "format": "date"}
    assert props["值"] == {"type": ["number", "null"], "minimum": 1.5, "maximum": 15.0}
    assert props["有效"] == {"type": "boolean"}
    assert props["類別"] == {"enum": ["乙", "甲"]}
    assert props["站"] == {"type": "string"}
    assert draft["required"] == ["日期", "站", "有效", "類別"]


def test_the_shared_catalogue_cannot_be_changed_by_a_caller() -> None:
    catalogue = load_catalogue()
    entry = next(iter(catalogue.entries.values()))
    with pytest.raises(TypeError):
        catalogue.entries["hk.fake"] = entry  # type: ignore[index]
    with pytest.raises(AttributeError):
        entry.title_en = "changed"  # type: ignore[misc]
    assert load_catalogue().entries[entry.id].title_en != "changed"


def test_titles_are_given_in_each_script_keeping_the_publishers_own() -> None:
    entries = load_catalogue().entries
    # Hong Kong writes traditional: kept as written, simplified made from it.
    assert entries["hk.hko.latest-1min-temperature"].titles() == {
        "en": "Latest 1-minute temperature", "zh_hant": "最新一分鐘氣溫",
        "zh_hans": "最新一分钟气温",
    }  # fmt: skip
    # Where the regions' words differ, the simplified title uses the Mainland's: 檔案 is 文件.
    per_station = entries["hk.hko.latest-1min-temperature-csdi"].titles()
    assert "每站一個檔案" in per_station["zh_hant"] and "每站一个文件" in per_station["zh_hans"]
    assert "档案" not in per_station["zh_hans"]
    # Shanghai writes simplified: kept as written, traditional made from it.
    assert entries["sh.jtw.bus-stops"].titles() == {
        "en": "Bus route stops", "zh_hant": "公交線路站點", "zh_hans": "公交线路站点",
    }  # fmt: skip


def test_suggestions_put_the_datasets_city_first_and_leave_out_coincidences(tmp_path: Path):
    """A file naming half the columns of a Hong Kong entry and half of a Shanghai one: the city
    the team gave the dataset decides which comes first; an entry sharing less is not offered."""
    from hksh_packager.core.workflows.catalogue import match_file, suggest_entries

    hk, sh = CATALOGUE.get("hk.mtr.bus-stops"), CATALOGUE.get("sh.jtw.bus-stops")
    half = lambda entry: list(entry.match_target[: (len(entry.match_target) + 1) // 2])  # noqa: E731
    path = tmp_path / "stops.csv"
    header = half(hk) + half(sh)
    path.write_text(",".join(header) + "\n" + ",".join("1" for _ in header) + "\n", "utf-8")
    for city, first in (("Hong Kong", hk.id), ("Shanghai", sh.id)):
        offered, used = suggest_entries(path, city=city)
        assert used == city and offered[0].entry.id == first
        assert {m.entry.id for m in offered[:2]} == {hk.id, sh.id}
    offered, _ = suggest_entries(path)
    assert all(m.score >= 0.5 for m in offered)
    left_out = {m.entry.id for m in match_file(path)} - {m.entry.id for m in offered}
    assert left_out and all(CATALOGUE.get(i) for i in left_out)  # sharing a name or two only
