from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.datasets import csv_reader
from hksh_packager.core.datasets.csv_reader import open_csv
from hksh_packager.core.datasets.encoding import detect_encoding

HK_TEXT = "地區,站名,溫度\n中西區,香港天文台,23.3\n深水埗區,深水埗,22.8\n屯門區,屯門,21.8\n" * 4
SH_TEXT = "序号,停车场名称,所属区\n1,人民广场地下停车库,黄浦区\n2,静安寺广场停车场,静安区\n" * 4


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (HK_TEXT, "big5hkscs", "big5hkscs"),
        ("地區,名稱\n深水埗,㗎嘢\n" * 8, "big5hkscs", "big5hkscs"),  # 㗎: HKSCS, not plain Big5
        (SH_TEXT, "gb18030", "gb18030"),
        (SH_TEXT + "9,𠀀四字节,浦东新区\n", "gb18030", "gb18030"),  # a four-byte GB18030 char
        (SH_TEXT, "utf-8", "utf-8"),
        (SH_TEXT, "utf-8-sig", "utf-8-sig"),
    ],
)
def test_encoding_is_detected_and_the_text_decodes_exactly(
    tmp_path: Path, text: str, codec: str, expected: str
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode(codec))
    detected = detect_encoding(path)
    assert detected.codec == expected
    assert path.read_bytes().decode(detected.codec) == text


def test_given_encoding_wins_and_unknown_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(SH_TEXT.encode("gb18030"))
    assert detect_encoding(path, "GB18030").how == "given by the user"
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        detect_encoding(path, "klingon")


def test_chinese_headers_and_bom_are_read_exactly(tmp_path: Path, sample_dir: Path) -> None:
    hk = open_csv(sample_dir / "data" / "latest_1min_temperature.csv")
    assert hk.encoding.label == "UTF-8 with BOM"
    assert hk.columns == (
        "Date time", "Automatic Weather Station", "Air Temperature(degree Celsius)",
    )  # fmt: skip
    sh = open_csv(sample_dir / "data" / "shanghai_public_parking.csv")
    assert sh.columns[:3] == ("序号", "停车场名称", "所属区")
    chunks = list(sh.chunks(chunk_rows=3))
    assert [chunk.first_row for chunk in chunks] == [2, 5, 8]
    assert chunks[0].frame.column("停车场名称")[0].as_py() == "人民广场地下停车库"


def test_big5_file_is_read_in_chunks_with_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes(HK_TEXT.split("\n", 1)[0].encode("big5hkscs") + b"\n"
                     + "中西區,香港天文台,23.3\n".encode("big5hkscs") * 10)  # fmt: skip
    table = open_csv(path)
    chunks = list(table.chunks(chunk_rows=4))
    assert [(c.first_row, len(c.frame)) for c in chunks] == [(2, 4), (6, 4), (10, 2)]
    assert set(chunks[-1].frame.column("站名").to_pylist()) == {"香港天文台"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ragged.csv", b"a,b,c\n1,2,3\n4,5,6,7\n", "line 3 has 4 fields but the header has 3"),
        ("quote.csv", b'a,b\n1,2\n3,4\n5,"open\n6,7\n', "opened at row 4 is never closed"),
        ("dup.csv", b"a,b,a\n1,2,3\n", "names column 'a' twice (columns 1 and 3)"),
        ("noname.csv", b"a,,c\n1,2,3\n", "header column 2 has no name"),
        ("empty.csv", b"", "is empty (0 bytes)"),
        ("blank.csv", b"\n\n  \n", "only blank lines"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("mixed.csv", "地區,值\n".encode() + "中西區,1\n".encode() * 3000
         + "深水埗區,2\n".encode("big5hkscs") * 3, "may mix encodings"),
    ],
)  # fmt: skip
def test_bad_files_get_a_specific_error_naming_file_and_place(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        list(open_csv(path).chunks())
    assert str(path) in str(caught.value) and message in str(caught.value)


@pytest.mark.parametrize("good_rows", [3000, 120_000])  # inside, then beyond the detection sample
def test_mixed_encoding_error_names_the_line(tmp_path: Path, good_rows: int) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("地區,值\n".encode() + "中西區,1\n".encode() * good_rows
                     + "深水埗區,2\n".encode("big5hkscs"))  # fmt: skip
    with pytest.raises(InputError, match=f"line {good_rows + 2}\\b.*may mix encodings"):
        list(open_csv(path).chunks())


def test_header_only_file_has_columns_and_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("日期,數值\n", "utf-8")
    table = open_csv(path)
    assert table.columns == ("日期", "數值")
    assert sum(len(c.frame) for c in table.chunks()) == 0


def test_short_rows_read_missing_trailing_cells_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n")
    chunk = next(open_csv(path).chunks())
    assert chunk.row_lists() == [["1", "2", "3"], ["4", "5", ""]]


cell = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])
    | st.sampled_from([",", '"', "\n", " ", "港", "沪"]),
    max_size=12,
)


@settings(max_examples=80, deadline=None)
@given(
    header=st.lists(st.text("abcdef數據", min_size=1, max_size=5), min_size=1, max_size=5,
                    unique=True),
    rows=st.lists(st.lists(cell, min_size=5, max_size=5), max_size=30),
    delimiter=st.sampled_from([",", "\t", ";"]),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    piece=st.sampled_from([7, 50, 300, 1 << 20]),
    quoting=st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL]),
)  # fmt: skip
# Quoted cells spanning lines once made the header search count fields per physical line: the
# short pieces looked like the table's width and the header was taken from the second row.
@example(header=["a", "b", "c", "aa"], rows=[["", "", "\n", "", ""], ["\n", "0", "", "0", ""]],
         delimiter=",", codec="utf-8", piece=7, quoting=csv.QUOTE_ALL)  # fmt: skip
# Pieces without a quote are parsed with line breaks taken as record ends; the next piece's
# quoted line break is still inside its cell.
@example(header=["a", "b"], rows=[["1", "2"]] * 4 + [["x\ny", "3"], ["4", "5"]], delimiter=",",
         codec="utf-8", piece=7, quoting=csv.QUOTE_MINIMAL)  # fmt: skip
def test_any_csv_written_by_the_csv_module_reads_back_cell_for_cell(
    tmp_path_factory: pytest.TempPathFactory, header, rows, delimiter, codec, piece, quoting
) -> None:
    # Small pieces make record boundaries fall inside quoted, multi-line values.
    saved, csv_reader.ARROW_PIECE = csv_reader.ARROW_PIECE, piece
    try:
        rows = [row[: len(header)] for row in rows]
        rows = [row for row in rows if any(value.strip() for value in row) or len(row) > 1]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=quoting)
        writer.writerow(header)
        writer.writerows(rows)
        path = tmp_path_factory.mktemp("csv") / "data.csv"
        path.write_bytes(buffer.getvalue().encode(codec))
        table = open_csv(path, delimiter=delimiter, encoding=codec)
        assert table.columns == tuple(header)
        read = [r for chunk in table.chunks(chunk_rows=7) for r in chunk.row_lists()]
        assert read == rows
    finally:
        csv_reader.ARROW_PIECE = saved


def test_titles_above_a_header_whose_rows_have_multi_line_cells(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('Table 1: stations\n\nname,note,value\nA,"two\nlines",1\nB,"x\ny\nz",2\n')
    table = open_csv(path)
    assert table.columns == ("name", "note", "value")
    assert table.header.line == 3
    chunk = next(table.chunks())
    assert chunk.row_lists() == [["A", "two\nlines", "1"], ["B", "x\ny\nz", "2"]]


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.one_of(st.just(""), st.lists(st.sampled_from(["1", "x", "港", "2.5"]), min_size=3,
                                        max_size=3).map(",".join)),
        max_size=40,
    ),
    ending=st.sampled_from(["\n", "\r\n"]),
    piece=st.sampled_from([5, 16, 64, 1 << 20]),
)  # fmt: skip
# A blank line between records once went unseen by the fast reader (pyarrow drops it), and every
# row after it was numbered one too low.
@example(lines=["1,x,港", "", "2,x,港"], ending="\n", piece=1 << 20)
@example(lines=["1,x,港", "", "", "2,x,港", ""], ending="\r\n", piece=16)
# Blank lines where a piece starts (right after the header here) were missed at first.
@example(lines=["", "", "1,1,1"], ending="\r\n", piece=5)
def test_rows_after_blank_lines_keep_the_numbers_a_spreadsheet_shows(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], ending: str, piece: int
) -> None:
    saved, csv_reader.ARROW_PIECE = csv_reader.ARROW_PIECE, piece
    try:
        path = tmp_path_factory.mktemp("csv") / "data.csv"
        path.write_bytes(ending.join(["a,b,c", *lines, ""]).encode())
        # The oracle: with no quoted line breaks, a record's row is its line in the file; a blank
        # line is an empty row, but those that end the file are not rows.
        data = max((n for n, line in enumerate(lines, start=2) if line), default=1)
        expected = {
            n: line.split(",") if line else ["", "", ""]
            for n, line in enumerate(lines, start=2)
            if n <= data
        }
        read = {
            int(number): cells
            for chunk in open_csv(path).chunks(chunk_rows=3)
            for number, cells in zip(chunk.row_numbers(), chunk.row_lists(), strict=True)
        }
        assert read == expected
    finally:
        csv_reader.ARROW_PIECE = saved


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("piece", [4, 1 << 20])  # 4: the last piece is blank lines alone
@pytest.mark.parametrize("careful", [False, True])  # the careful reader (pandas) too
def test_blank_lines_that_end_the_file_are_not_rows_and_those_inside_are_empty_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str, piece: int, careful: bool
) -> None:
    monkeypatch.setattr(csv_reader, "ARROW_PIECE", piece)
    if careful:
        monkeypatch.setattr(csv_reader, "BYTE_SAFE", set())
    path = tmp_path / "data.csv"
    lines = ["a,b", "1,x", "", "", "", "", "2,y", "", "", ""]
    path.write_bytes(ending.join(lines).encode())
    chunks = list(open_csv(path).chunks(chunk_rows=3))
    rows = [
        (int(number), cells)
        for chunk in chunks
        for number, cells in zip(chunk.row_numbers(), chunk.row_lists(), strict=True)
    ]
    blank = [(n, ["", ""]) for n in range(3, 7)]
    assert rows == [(2, ["1", "x"]), *blank, (7, ["2", "y"])]
    assert max(len(chunk.frame) for chunk in chunks) <= 3


def test_an_unclosed_quote_before_blank_lines_at_the_end_is_still_named(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_bytes(b'a,b\n1,x\n2,"y\n\n\n')
    with pytest.raises(InputError, match="opened at row 3 is never closed"):
        for _ in open_csv(path).chunks():
            pass


def test_line_breaks_in_quotes_across_pyarrows_blocks(tmp_path: Path) -> None:
    # pyarrow splits a piece into blocks of at least 1 MiB for its threads, at line breaks: only
    # a line break outside quotes may end a block, or a record is cut in two.
    rows = [[str(n), f"line {n}\nand {n}\r\nthen,{n}"] for n in range(60_000)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["n", "note"], *rows])
    path = tmp_path / "notes.csv"
    path.write_text(buffer.getvalue(), "utf-8")
    assert path.stat().st_size > 2 << 20
    assert [r for chunk in open_csv(path).chunks() for r in chunk.row_lists()] == rows


@pytest.mark.parametrize("piece", [1 << 20, 7, 3])
@pytest.mark.parametrize(
    "text",
    [
        'a,b\n1,15"\n2,"x\ny"\n3,z\n',  # an inch mark, then a quoted line break
        'a,b,c\n1,5" wide,"p\nq"\n2,"r\ns",t\n',  # the quoted cell in the last column
        'a,b\n"1\n2",x"y\n3,"z\n"\n',  # a cell that really ends with a line break
    ],
    ids=["inches", "last-column", "ends-with-a-break"],
)
def test_a_stray_quote_does_not_cut_a_quoted_cell_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, piece: int
) -> None:
    # Pieces are cut where an even number of quotes came before: a quote inside a cell makes
    # that count wrong, and the cut falls inside the next quoted cell.
    monkeypatch.setattr(csv_reader, "ARROW_PIECE", piece)
    path = tmp_path / "stray.csv"
    path.write_text(text, "utf-8", newline="")
    expected = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [r for chunk in open_csv(path).chunks() for r in chunk.row_lists()] == expected


@pytest.mark.parametrize(
    ("text", "line"),
    [("a,b\n1,x,EXTRA\n2,y\n", 2), ("Table 1\n\na,b\n1,x,EXTRA\n2,y\n", 4)],
)
def test_a_first_row_with_a_field_too_many_is_an_error_naming_its_line(
    tmp_path: Path, text: str, line: int
) -> None:
    # pandas would read the row's first cell as a row label and move every cell one column left.
    path = tmp_path / "extra.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError, match=f"line {line} has 3 fields but the header has 2"):
        list(open_csv(path).chunks())


def test_a_file_with_cr_line_endings_reads_as_its_lines(tmp_path: Path) -> None:
    # Classic Mac OS line endings, as some exports still write them.
    path = tmp_path / "cr.csv"
    path.write_bytes(b'a;b\r1;x\r2;"y\rz"\r3;w\r')
    table = open_csv(path)
    assert (table.columns, table.delimiter) == (("a", "b"), ";")
    read = [(int(n), cells) for chunk in table.chunks()
            for n, cells in zip(chunk.row_numbers(), chunk.row_lists(), strict=True)]  # fmt: skip
    assert read == [(2, ["1", "x"]), (3, ["2", "y\rz"]), (4, ["3", "w"])]  # rows, as a spreadsheet
