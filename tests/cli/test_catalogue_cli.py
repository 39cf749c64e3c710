from __future__ import annotations

import json
from pathlib import Path

from hksh_packager.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "catalogue"


def test_search_in_traditional_chinese_finds_both_cities(capsys) -> None:
    assert main(["catalogue", "search", "停車場", "--json"]) == 0
    found = {entry["id"] for entry in json.loads(capsys.readouterr().out)}
    assert found == {"hk.td.carpark-info", "hk.td.carpark-basic-info", "sh.jtw.public-parking"}


def test_search_without_results_exits_1(capsys) -> None:
    assert main(["catalogue", "search", "zebra", "crossings"]) == 1
    assert "No catalogue entry matches" in capsys.readouterr().out


def test_show_prints_metadata_and_columns(capsys) -> None:
    assert main(["catalogue", "show", "sh.jyj.schools"]) == 0
    out = capsys.readouterr().out
    assert "中小学校名录" in out and "- 学校名称 (required)" in out and "licence:" in out


def test_match_suggests_the_entry_for_a_file(tmp_path: Path, capsys) -> None:
    """MTR's station list saved again as Big5-HKSCS (as Excel on a Hong Kong computer does)."""
    real = SAMPLES.parent / "real" / "mtr-lines-and-stations-2026.csv"
    path = tmp_path / "stations.csv"
    path.write_bytes(real.read_text("utf-8-sig").encode("big5hkscs"))
    assert main(["catalogue", "match", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == "hk.mtr.lines-and-stations"
    assert main(["validate", str(path), "--schema", "hk.mtr.lines-and-stations"]) == 0
    assert "Big5-HKSCS" in capsys.readouterr().out


def test_match_leaves_out_coincidences_and_puts_the_files_own_city_first(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """A Shanghai table whose columns are mostly its own: no Hong Kong entry that shares one
    common name is offered; the city its script points to comes first, in the user's language."""
    path = tmp_path / "parking.csv"
    sample = (SAMPLES / "sh.jtw.public-parking" / "valid.csv").read_text("utf-8-sig")
    path.write_text(sample, "utf-8")
    assert main(["catalogue", "match", str(path), "--json"]) == 0
    offered = json.loads(capsys.readouterr().out)
    assert offered[0]["id"] == "sh.jtw.public-parking"
    assert all(match["score"] >= 0.5 for match in offered)
    assert main(["--lang", "zh_Hans_CN", "catalogue", "match", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "先列上海的条目，即文件所属的城市："
    assert "sh.jtw.public-parking（占其列的 100%）" in out


def test_match_names_no_entry_when_only_a_coincidence_is_shared(tmp_path: Path, capsys) -> None:
    path = tmp_path / "lands.csv"
    lines = ["Lot Number,District,Area (sq m),Lease Expiry", "NKIL 1,Kowloon City,120,2047-06-30"]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    code = main(["catalogue", "match", str(path)])
    out = capsys.readouterr().out
    assert code == 1 and "No catalogue entry has half of its columns in" in out


def test_infer_writes_a_draft_that_validates_the_file(tmp_path: Path, capsys) -> None:
    data = SAMPLES / "sh.sthj.air-quality-hourly" / "valid.csv"
    draft = tmp_path / "draft.json"
    assert main(["catalogue", "infer", str(data), "-o", str(draft)]) == 0
    assert json.loads(draft.read_text("utf-8"))["x-encodings"] == ["GB18030"]
    capsys.readouterr()
    assert main(["validate", str(data), "--schema", str(draft)]) == 0


def test_pack_refuses_invalid_data_with_exit_1_and_allows_it_when_asked(
    tmp_path: Path, project_copy: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", "a long passphrase")
    assert main(["keys", "generate", "--team", "T042"]) == 0
    with (project_copy / "data" / "shanghai_public_parking.csv").open("a", encoding="utf-8") as f:
        f.write("9,坏数据,火星区,x,-5,,\n")
    bundle = tmp_path / "b.zip"
    assert main(["pack", str(project_copy), "-o", str(bundle)]) == 1
    captured = capsys.readouterr()
    assert "row 10: '火星区' is not one of the allowed values" in captured.out
    assert "--allow-invalid" in captured.err and not bundle.exists()
    assert main(["pack", str(project_copy), "-o", str(bundle), "--allow-invalid"]) == 0
    capsys.readouterr()
    assert main(["verify", str(bundle)]) == 0
    assert "fails validation with 2 errors, as the team declared" in capsys.readouterr().out


def test_pack_lists_the_material_rules_with_the_schemas_problems(tmp_path: Path, capsys) -> None:
    from pptx import Presentation

    from hksh_packager.core.submission.draft import empty_submission

    root = tmp_path / "draft"
    (root / "docs").mkdir(parents=True)
    Presentation().save(str(root / "docs" / "proposal.pptx"))
    document = empty_submission("hksh-2025")
    document["stage"] = "proposal"
    document["attachments"] = [{"file": "docs/proposal.pptx", "kind": "proposal"}]
    (root / "submission.json").write_text(json.dumps(document), "utf-8")
    code = main(["pack", str(root), "-o", str(tmp_path / "b.zip")])
    err = capsys.readouterr().err
    assert code == 2 and not (tmp_path / "b.zip").exists()
    assert "cannot be packed yet; fix these" in err
    assert "is required; fill it in" in err  # the schema's
    assert "is really PowerPoint" in err and "Add the video" in err  # the stage's
