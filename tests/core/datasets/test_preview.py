"""The data preview: any cell of a large file at once, and the file row an error names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import Cancelled
from hksh_packager.core.common.progress import CancelToken, Progress
from hksh_packager.core.datasets.preview import load_preview


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("preview") / "readings.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("station,reading,note\n")
        for i in range(250_001):  # more than one reader chunk
            handle.write(f"S{i},{i % 97}.5,{'' if i % 3 else '測站'}\n")
    return path


def test_every_cell_matches_the_file_across_chunks(big_csv: Path) -> None:
    preview = load_preview(big_csv)
    with big_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert preview.columns == tuple(rows[0])
    assert preview.rows == len(rows) - 1
    assert preview.complete
    for index in (0, 1, 199_999, 200_000, 200_001, 250_000):
        assert [preview.cell(index, c) for c in range(3)] == rows[index + 1]
        assert preview.row_number(index) == index + 2  # the header is row 1
        assert preview.index_of_row(index + 2) == index
    assert preview.index_of_row(1) is None  # the header is not a data row
    assert preview.index_of_row(len(rows) + 5) is None
    with pytest.raises(IndexError):
        preview.cell(preview.rows, 0)


def test_a_budget_stops_the_preview_and_says_so(big_csv: Path) -> None:
    preview = load_preview(big_csv, budget_bytes=1)
    assert not preview.complete
    assert 0 < preview.rows < 250_001
    assert preview.index_of_row(250_002) is None


def test_cancel_stops_reading_part_way(big_csv: Path) -> None:
    # Cancelled as a user presses Cancel once rows are on screen: the preview stops before the
    # end of the file, rather than reading it all and then noticing.
    cancel = CancelToken()
    seen: list[Progress] = []

    def progress(report: Progress) -> None:
        seen.append(report)
        if report.done > 0:
            cancel.cancel()

    with pytest.raises(Cancelled):
        load_preview(big_csv, progress=progress, cancel=cancel)
    # Rows come in chunks of 200,000: the file's 250,001 rows are never all read.
    assert [report.done for report in seen] == [200_000]
