"""The catalogue as a user meets it with a file in hand: which entries its header matches, and a
draft schema when none does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hksh_packager.core.catalogue.catalogue import HeaderMatch, load_catalogue, rank_matches
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.workflows.validate import DETECT, ReadOptions


def _open(path: Path, options: ReadOptions) -> Any:
    from hksh_packager.core.datasets.tables import open_table  # loads the data stack

    return open_table(path, **options.table_options())


def match_file(path: Path, options: ReadOptions = DETECT) -> list[HeaderMatch]:
    """Catalogue entries whose columns the file's header carries, best first. A JSON file whose
    records cannot be found alone (several arrays of them, or one record under a key), or whose
    records found alone match no entry in full, is matched entry by entry at each entry's own
    pointer, as validating against that entry reads it."""
    from hksh_packager.core.datasets.tables import JSON_SUFFIXES, file_format

    json_file = Path(path).suffix.lower() in JSON_SUFFIXES and options.pointer is None
    try:
        table = _open(path, options)
    except InputError as exc:
        if exc.remedy is not Remedy.SET_POINTER or not json_file:
            raise
        matches = _match_at_entry_pointers(path, options)
        if not matches:
            raise
        return matches
    matches = load_catalogue().match_header(list(table.columns), file_format(table))
    if json_file and not any(m.score == 1 for m in matches):
        # The records found alone may be the wrong ones (1823's holidays sit in an array inside
        # the one-element array /vcalendar): the entries' own pointers have their say.
        best = {m.entry.id: m for m in matches}
        for match in _match_at_entry_pointers(path, options):
            if match.entry.id not in best or match.score > best[match.entry.id].score:
                best[match.entry.id] = match
        matches = rank_matches(list(best.values()), file_format(table))
    return matches


def _match_at_entry_pointers(path: Path, options: ReadOptions) -> list[HeaderMatch]:
    from hksh_packager.core.datasets.json_reader import open_json_at

    catalogue = load_catalogue()
    pointers = sorted({entry.pointer for entry in catalogue.entries.values() if entry.pointer})
    matches: list[HeaderMatch] = []
    for pointer, table in open_json_at(path, pointers, encoding=options.encoding).items():
        found = catalogue.match_header(list(table.columns), "JSON")
        matches += [match for match in found if match.entry.pointer == pointer]
    return rank_matches(matches, "JSON")


def draft_schema(path: Path, options: ReadOptions = DETECT) -> dict[str, Any]:
    """A dataset schema drafted from the file's data, for the user to review."""
    from hksh_packager.core.validation.infer import infer_schema

    return infer_schema(_open(path, options))


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schema(schema: dict[str, Any], output: Path) -> None:
    write_text_atomic(output, schema_text(schema))
