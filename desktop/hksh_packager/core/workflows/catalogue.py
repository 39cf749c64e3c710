"""The catalogue as a user meets it with a file in hand: which entries its header matches, and a
draft schema when none does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hksh_packager.core.catalogue.catalogue import HeaderMatch, load_catalogue, rank_matches
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define
from hksh_packager.core.workflows.validate import DETECT, ReadOptions

SEVERAL_FIT = define(
    "catalogue.several-fit", "{file} carries the whole header of {count} catalogue entries "
    "({entries}); name the one to check it against"
)  # fmt: skip
NONE_FITS = define(
    "catalogue.none-fits", "no catalogue entry has all its columns in {file}; name a catalogue "
    "entry or a schema file (`catalogue infer` drafts one from the data)"
)  # fmt: skip
NONE_FITS_CLOSEST = define(
    "catalogue.none-fits-closest", "no catalogue entry has all its columns in {file}; the "
    "closest is {entry}, with {share} per cent of its columns (missing {missing}); name a "
    "catalogue entry or a schema file (`catalogue infer` drafts one from the data)"
)  # fmt: skip


def _open(path: Path, options: ReadOptions) -> Any:
    from hksh_packager.core.datasets.tables import open_table  # loads the data stack

    return open_table(path, **options.table_options())


def match_file(path: Path, options: ReadOptions = DETECT) -> list[HeaderMatch]:
    """Catalogue entries whose columns the file's header carries, best first. A JSON file whose
    records cannot be found alone (several arrays of them, or one record under a key), or whose
    records found alone match no entry in full, is matched entry by entry at each entry's own
    pointer too, as validating against that entry reads it."""
    from hksh_packager.core.datasets.tables import JSON_SUFFIXES, file_format

    if Path(path).suffix.lower() in JSON_SUFFIXES and options.pointer is None:
        return _match_json(path, options)
    table = _open(path, options)
    return load_catalogue().match_header(list(table.columns), file_format(table))


def suggest_entries(
    path: Path, options: ReadOptions = DETECT, city: str | None = None
) -> tuple[list[HeaderMatch], str | None]:
    """The entries to offer for a file, and the city they were ordered for: the one the team
    gave the dataset, else the one its header's script points to (traditional: Hong Kong,
    simplified: Shanghai). Matches below half of an entry's columns are left out."""
    from hksh_packager.core.catalogue.catalogue import suggestions

    return suggestions(match_file(path, options), city)


def _match_json(path: Path, options: ReadOptions) -> list[HeaderMatch]:
    """The file is parsed once for the records found alone and for every entry's pointer."""
    from hksh_packager.core.datasets.json_reader import load_json_document
    from hksh_packager.core.datasets.tables import file_format

    catalogue = load_catalogue()
    document = load_json_document(path, encoding=options.encoding)
    best: dict[str, HeaderMatch] = {}
    kind, problem = "JSON", None
    try:
        found = document.table()
        kind = file_format(found) or kind
        best = {m.entry.id: m for m in catalogue.match_header(list(found.columns), kind)}
    except InputError as exc:
        if exc.remedy is not Remedy.SET_POINTER:
            raise
        problem = exc
    if not any(match.score == 1 for match in best.values()):
        # The records found alone may be the wrong ones (1823's holidays sit in an array inside
        # the one-element array /vcalendar), or none: the entries' own pointers have their say.
        pointers = sorted({e.pointer for e in catalogue.entries.values() if e.pointer})
        for pointer, table in document.tables_at(pointers).items():
            for match in catalogue.match_header(list(table.columns), kind):
                known = best.get(match.entry.id)
                if match.entry.pointer == pointer and (known is None or match.score > known.score):
                    best[match.entry.id] = match
    if not best and problem is not None:
        raise problem
    return rank_matches(list(best.values()))


def entry_for_file(path: Path, options: ReadOptions = DETECT) -> str:
    """The catalogue entry a file is checked against when the user names none: the one entry whose
    whole header the file names exactly. None, or several (a file holding more than one table, as
    HKO's current weather report does), is an InputError naming the candidates: guessing there
    would check the data against rules its publisher never wrote."""
    matches = match_file(path, options)
    full = [m for m in matches if m.score == 1]  # a folded name counts half: never 1
    # Where several entries fit, one may still be plainly meant: the one in the file's own format
    # (C&SD's table is published as CSV and through its JSON API), or the one that knows every
    # column of the file (Citybus's route stops are a part of its ETA records).
    for meant in (lambda m: m.in_file_format, lambda m: m.explains == 1):
        if len(full) > 1 and sum(map(meant, full)) == 1:
            full = [m for m in full if meant(m)]
    if len(full) == 1:
        return full[0].entry.id
    if full:
        raise InputError(
            SEVERAL_FIT(file=str(path), count=len(full), entries=[m.entry.id for m in full]),
            remedy=Remedy.CHOOSE_SCHEMA,
        )
    if matches:
        best = matches[0]
        said = NONE_FITS_CLOSEST(
            file=str(path), entry=best.entry.id, share=round(100 * best.score),
            missing=list(best.missing_required[:3]),
        )  # fmt: skip
    else:
        said = NONE_FITS(file=str(path))
    raise InputError(said, remedy=Remedy.CHOOSE_SCHEMA)


def draft_schema(path: Path, options: ReadOptions = DETECT) -> dict[str, Any]:
    """A dataset schema drafted from the file's data, for the user to review."""
    from hksh_packager.core.validation.infer import infer_schema

    return infer_schema(_open(path, options))


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schema(schema: dict[str, Any], output: Path) -> None:
    write_text_atomic(output, schema_text(schema))
