"""The command line in the user's language: the locale as gettext reads it, or --lang; JSON keeps
its English keys and codes and adds the text in that language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hksh_packager.cli import main
from tests.helpers import read_members, write_members

SCHEMA = {
    "type": "object",
    "required": ["station", "temp"],
    "properties": {"station": {"type": "string"}, "temp": {"type": "integer", "minimum": 0}},
}
HAN = re.compile(r"[\u4e00-\u9fff]")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "readings.csv"
    data.write_text("station,temp\nA,abc\nB,-3\nC,12\n", "utf-8")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), "utf-8")
    return data, schema


def _validate(capsys, monkeypatch, broken, locale: str) -> str:
    monkeypatch.setenv("LANG", locale)
    data, schema = broken
    code, out, _ = _run(capsys, "validate", str(data), "--schema", str(schema))
    assert code == 1
    return out


def test_a_broken_file_is_reported_in_the_locales_language(capsys, monkeypatch, broken) -> None:
    english = _validate(capsys, monkeypatch, broken, "C.UTF-8")
    hong_kong = _validate(capsys, monkeypatch, broken, "zh_HK.UTF-8")
    shanghai = _validate(capsys, monkeypatch, broken, "zh_CN.UTF-8")
    assert "INVALID" in english and "'abc' is not an integer" in english
    assert not HAN.search(english)
    # Traditional for Hong Kong, Simplified for Shanghai: the verdict and the cell's problem.
    assert "無效" in hong_kong and "'abc' 不是整數" in hong_kong
    assert "无效" in shanghai and "'abc' 不是整数" in shanghai
    # Each region's own word for a row: 列 in Hong Kong, 行 in Shanghai.
    assert "第 2 列" in hong_kong and "第 2 行" in shanghai
    # Names from the file and the rule stay as they are.
    assert "temp" in hong_kong and "minimum" in shanghai


def test_lang_wins_over_the_locale_before_or_after_the_command(capsys, monkeypatch, broken) -> None:
    monkeypatch.setenv("LANG", "zh_HK.UTF-8")
    data, schema = broken
    _, after, _ = _run(capsys, "validate", str(data), "--schema", str(schema), "--lang", "en")
    _, before, _ = _run(
        capsys, "--lang", "zh_Hans_CN", "validate", str(data), "--schema", str(schema)
    )
    assert "'abc' is not an integer" in after
    assert "'abc' 不是整数" in before


def test_json_keeps_english_keys_and_codes_and_adds_the_text(capsys, monkeypatch, broken) -> None:
    monkeypatch.setenv("LANG", "zh_HK.UTF-8")
    data, schema = broken
    code, out, _ = _run(capsys, "validate", str(data), "--schema", str(schema), "--json")
    assert code == 1
    [result] = json.loads(out)["files"]
    error = next(e for e in result["errors"] if e["keyword"] == "type")
    assert error["message"] == "'abc' is not an integer"  # stable English
    assert error["message_id"] == "cell.not-integer" and error["params"] == {"value": "'abc'"}
    assert error["text"] == "'abc' 不是整數"


def test_an_error_line_and_its_hint_are_in_the_language(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, _, err = _run(capsys, "pack", str(tmp_path / "missing"), "-o", str(tmp_path / "b.zip"))
    assert code == 2
    assert err.startswith("错误：") and "文件夹" in err and "資料夾" not in err
    monkeypatch.setenv("LANG", "zh_HK.UTF-8")
    code, _, err = _run(capsys, "pack", str(tmp_path / "missing"), "-o", str(tmp_path / "b.zip"))
    assert err.startswith("錯誤：") and "資料夾" in err


def test_a_tampered_bundle_is_reported_in_traditional_chinese(
    capsys, monkeypatch, tmp_path, sample_bundle
) -> None:
    members = read_members(sample_bundle)
    members["HKSH2023-T042/data/datasets/shanghai_public_parking.csv"] += b"9,fake,x,y,1,2,3\n"
    bad = write_members(tmp_path / "bad.zip", members)
    monkeypatch.setenv("LANG", "zh_HK.UTF-8")
    code, out, _ = _run(capsys, "verify", str(bad), "--no-revalidate")
    assert code == 1
    assert "無效" in out and "manifest-sha256.txt" in out
    line = next(x for x in out.splitlines() if "shanghai_public_parking.csv" in x)
    assert HAN.search(line), line  # the problem itself, not only the verdict
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, simplified, _ = _run(capsys, "verify", str(bad), "--no-revalidate")
    assert "无效" in simplified and simplified != out


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_every_sentence_of_the_error_paths_passes_through_the_catalogue(
    capsys, monkeypatch, tmp_path, broken, project_copy, sample_bundle
) -> None:
    """In the pseudo locale every text from the catalogue is wrapped in ⟦ ⟧: a line without
    one was written in English by code that does not speak by code."""
    monkeypatch.setenv("LANGUAGE", "pseudo")
    data, schema = broken
    shown: list[str] = []
    # A broken file, a file that is not text and a ragged one.
    (tmp_path / "binary.csv").write_bytes(b"a,b\n1,\x00\n")
    (tmp_path / "ragged.csv").write_text("a,b\n1,2\n3,4,5\n", "utf-8")
    for path in (data, tmp_path / "binary.csv", tmp_path / "ragged.csv"):
        _, out, err = _run(capsys, "validate", str(path), "--schema", str(schema))
        shown += _lines(out) + _lines(err)
    # An incomplete project: the schema's fields, the files and the challenge's rules.
    document = json.loads((project_copy / "submission.json").read_text("utf-8"))
    del document["title"], document["members"][0]["email"]
    document["stage"] = "proposal"
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    (project_copy / "docs" / "architecture.png").unlink()
    code, out, err = _run(capsys, "pack", str(project_copy), "-o", str(tmp_path / "b.zip"))
    assert code == 2
    shown += _lines(out) + _lines(err)
    # A tampered bundle.
    members = read_members(sample_bundle)
    members["HKSH2023-T042/data/datasets/shanghai_public_parking.csv"] += b"9,fake,x,y,1,2,3\n"
    bad = write_members(tmp_path / "bad.zip", members)
    _, out, err = _run(capsys, "verify", str(bad), "--no-revalidate")
    shown += _lines(out) + _lines(err)
    # A trust list that is not one.
    (tmp_path / "trust.csv").write_text("team_id,team_name,public_key\nT042,x,not-a-key\n")
    _, out, err = _run(capsys, "trust", "import", str(tmp_path / "trust.csv"))
    shown += _lines(out) + _lines(err)
    assert len(shown) > 20, shown
    untranslated = [line for line in shown if "⟦" not in line]
    assert untranslated == []


def test_the_validation_reports_are_written_in_the_language(
    capsys, monkeypatch, broken, tmp_path
) -> None:
    monkeypatch.setenv("LANG", "zh_HK.UTF-8")
    data, schema = broken
    html, csv = tmp_path / "report.html", tmp_path / "errors.csv"
    _run(capsys, "validate", str(data), "--schema", str(schema), "--html", str(html),
         "--csv", str(csv))  # fmt: skip
    page = html.read_text("utf-8")
    assert '<html lang="zh-Hant-HK">' in page and "abc&#x27; 不是整數" in page and "無效" in page
    assert "The first errors" not in page and "Read as" not in page
    header = csv.read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("檔案,") and "'abc' 不是整數" in csv.read_text("utf-8-sig")
