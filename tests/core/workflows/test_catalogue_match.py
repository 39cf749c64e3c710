"""Matching a file to the catalogue when its records cannot be found alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.workflows.catalogue import match_file
from hksh_packager.core.workflows.validate import ReadOptions

REAL = Path(__file__).parents[2] / "data" / "real"


def test_each_array_of_a_multi_table_response_is_matched_at_its_entry_pointer(
    tmp_path: Path,
) -> None:
    """HKO's current weather report holds four arrays of records; the temperature entry reads
    /temperature/data and the rainfall entry /rainfall/data, each matched in full there."""
    matches = match_file(REAL / "hko-rhrread-en-20200929.json")
    full = {m.entry.id for m in matches if m.score == 1}
    assert full == {"hk.hko.current-weather-temperature", "hk.hko.current-weather-rainfall"}
    # The same arrays under other keys: no entry's pointer finds them, so the reader's own error
    # stands, naming where the records are.
    document = json.loads((REAL / "hko-rhrread-en-20200929.json").read_text("utf-8"))
    moved = {"t": document["temperature"], "r": document["rainfall"]}
    path = tmp_path / "moved.json"
    path.write_text(json.dumps(moved), "utf-8")
    with pytest.raises(InputError, match="arrays of records are at: /t/data, /r/data"):
        match_file(path)


def test_a_pointer_given_is_used_alone(tmp_path: Path) -> None:
    path = REAL / "hko-rhrread-en-20200929.json"
    matches = match_file(path, ReadOptions(pointer="/rainfall/data"))
    # District rainfall shares only "place" and "unit" with the temperature entry's header.
    temperature = [m for m in matches if m.entry.id == "hk.hko.current-weather-temperature"]
    assert [round(m.score, 2) for m in temperature] == [0.67]
    with pytest.raises(InputError, match="finds nothing"):
        match_file(path, ReadOptions(pointer="/nowhere"))


def test_records_found_alone_give_way_to_an_entry_pointer_that_matches_in_full() -> None:
    """1823's holidays: the only array of records at the top, /vcalendar, holds one calendar;
    the events are one level down, where the holidays entry reads them."""
    path = REAL.parent / "catalogue" / "hk.1823.public-holidays" / "valid.json"
    best = match_file(path)[0]
    assert best.entry.id == "hk.1823.public-holidays" and best.score == 1
