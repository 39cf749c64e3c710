"""The dataset catalogue: real Hong Kong and Shanghai open datasets, each a row schema with
metadata (`x-catalogue`), shipped in schemas/datasets/<city>/<id>.json.

Search works in English and Chinese; traditional and simplified forms of a word find the same
entries (OpenCC converts both to simplified before comparing). A data file's header row suggests
the entries whose columns it carries, ranked by how much of the entry's header the file covers
with exactly the same names (as validation compares them); a name that matches only once case,
spacing and script are ignored counts half, and is reported as such, because validation would not
accept it.

Each entry says how it was verified (`x-catalogue.verification`): against a real published file
kept under tests/data/real/, or not at all ("unverified"), which the app and `catalogue show` say.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hksh_packager.core.common.errors import InputError, SchemaProblem
from hksh_packager.core.common.jsonpointer import format_pointer
from hksh_packager.core.common.jsontext import parse_json
from hksh_packager.core.common.paths import schemas_dir
from hksh_packager.core.common.shipped_schemas import shipped_validator
from hksh_packager.core.validation.schema import DatasetSchema, load_schema


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def normalise(text: str) -> str:
    """For comparing: compatibility forms folded, case folded, traditional made simplified."""
    folded = unicodedata.normalize("NFKC", text).replace("\ufeff", "").strip().casefold()
    return _converter("t2s").convert(" ".join(folded.split()))


@cache
def chinese_scripts(text: str) -> tuple[str, str]:
    """`text` in traditional Chinese as Hong Kong writes it, and in simplified as the Mainland
    writes it. A publisher's own script is kept as written (Hong Kong's titles are traditional,
    Shanghai's simplified); only the other is converted, phrase by phrase where the regions' words
    differ (OpenCC's tw2sp: 檔案 is 文件 in Shanghai, not 档案)."""
    if _converter("t2s").convert(text) == text:
        return _converter("s2hk").convert(text), text
    return text, _converter("tw2sp").convert(text)


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    city: str
    title_en: str
    title_zh: str
    publisher: str
    portal: str
    licence: str
    update_frequency: str
    format: str
    encoding: str
    description: str
    keywords: tuple[str, ...]
    pointer: str | None
    columns: tuple[str, ...]
    required: tuple[str, ...]
    path: Path
    header: tuple[str, ...] = ()  # x-headers: the columns the publisher's header has
    verification: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @cached_property
    def schema(self) -> DatasetSchema:
        """The entry's schema, checked and compiled when it is first used to validate: search
        and suggestions need only the metadata, and building the validators of every entry took
        most of the time the app waited for its catalogue (0.4 s of 0.7)."""
        return load_schema(self.path)

    def titles(self) -> dict[str, str]:
        """The title in each script the app shows: "en", "zh_hant" and "zh_hans"."""
        traditional, simplified = chinese_scripts(self.title_zh)
        return {"en": self.title_en, "zh_hant": traditional, "zh_hans": simplified}

    @property
    def verified(self) -> bool:
        return self.verification.get("status") == "verified"

    @property
    def match_target(self) -> tuple[str, ...]:
        """The columns a file of this dataset is expected to carry."""
        return self.header or self.required or self.columns

    def verification_text(self) -> str:
        if not self.verified:
            return (
                "unverified: its columns have not been checked against a file the publisher "
                "released; check them against the portal before relying on them"
            )
        return (
            f"verified against {self.verification.get('file', 'a real file')} "
            f"({self.verification.get('source', 'source recorded in tests/data/real/SOURCES.md')})"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "city": self.city,
            "title_en": self.title_en,
            "title_zh": self.title_zh,
            "publisher": self.publisher,
            "portal": self.portal,
            "licence": self.licence,
            "update_frequency": self.update_frequency,
            "format": self.format,
            "encoding": self.encoding,
            "pointer": self.pointer,
            "description": self.description,
            "keywords": list(self.keywords),
            "columns": list(self.columns),
            "required": list(self.required),
            "schema_file": str(self.path),
            "verification": dict(self.verification) or {"status": "unverified"},
        }


@dataclass(frozen=True)
class HeaderMatch:
    entry: CatalogueEntry
    score: float  # 0..1: how much of the entry's header the file covers (a folded name: half)
    matched: tuple[str, ...]  # the entry's columns the file names exactly
    missing_required: tuple[str, ...]
    folded: tuple[str, ...] = ()  # named only with other case, spacing or script: a hint
    explains: float = 0.0  # 0..1: how much of the file's header the entry knows (tie-breaker)
    file_format: str | None = None  # the matched file's format (CSV, JSON...), when known

    @property
    def in_file_format(self) -> bool:
        """The entry is published in the format of the file it was matched with."""
        return self.file_format is not None and self.entry.format == self.file_format

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.entry.id,
            "title_en": self.entry.title_en,
            "title_zh": self.entry.title_zh,
            "score": round(self.score, 3),
            "matched": list(self.matched),
            "matched_only_when_folded": list(self.folded),
            "missing_required": list(self.missing_required),
            "verified": self.entry.verified,
        }


def load_entry(path: Path) -> CatalogueEntry:
    """An entry's metadata, checked against the entry schema; its own schema loads on first use
    (`CatalogueEntry.schema`)."""
    path = Path(path)
    try:
        document = parse_json(path.read_text("utf-8-sig"), f"schema {path}", SchemaProblem)
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaProblem(f"schema {path} cannot be read: {exc}") from None
    if not isinstance(document, dict):
        raise SchemaProblem(f"catalogue entry {path}: a dataset schema is a JSON object")
    errors = sorted(
        shipped_validator("dataset-entry.schema.json").iter_errors(document),
        key=lambda e: list(e.path),
    )
    if errors:
        first = errors[0]
        where = format_pointer(first.absolute_path) or "/"
        raise SchemaProblem(f"catalogue entry {path}: at {where}: {first.message}")
    meta = document["x-catalogue"]
    city_folder = {"Hong Kong": "hk", "Shanghai": "sh"}[meta["city"]]
    if path.stem != meta["id"] or path.parent.name != city_folder:
        raise SchemaProblem(
            f"catalogue entry {path}: /x-catalogue/id is {meta['id']}, so the file must be "
            f"{city_folder}/{meta['id']}.json"
        )
    properties = document.get("properties", {})
    return CatalogueEntry(
        id=meta["id"],
        city=meta["city"],
        title_en=meta["title_en"],
        title_zh=meta["title_zh"],
        publisher=meta["publisher"],
        portal=meta["portal"],
        licence=meta["licence"],
        update_frequency=meta["update_frequency"],
        format=meta["format"],
        encoding=meta["encoding"],
        description=document["description"],
        keywords=tuple(meta.get("keywords", [])),
        pointer=meta.get("pointer"),
        columns=tuple(k for k, v in properties.items() if isinstance(v, dict)),
        required=tuple(document.get("required", [])),
        path=path,
        header=tuple(document.get("x-headers", [])),
        verification=MappingProxyType(dict(meta.get("verification", {}))),
    )


class Catalogue:
    def __init__(self, entries: list[CatalogueEntry]) -> None:
        # Read-only: one catalogue is cached and shared by every caller.
        self.entries: Mapping[str, CatalogueEntry] = MappingProxyType(
            {entry.id: entry for entry in sorted(entries, key=lambda e: e.id)}
        )
        self._columns = {
            entry.id: {normalise(c): c for c in entry.columns} for entry in self.entries.values()
        }

    @cached_property
    def _haystacks(self) -> dict[str, dict[str, str]]:
        """What search compares a query with, made on the first search: the simplified titles
        need OpenCC's phrase dictionaries, which loading the catalogue need not wait for."""
        return {
            entry.id: {
                "id": normalise(entry.id),
                "title": normalise(
                    f"{entry.title_en} {entry.title_zh} {entry.titles()['zh_hans']} "
                    f"{' '.join(entry.keywords)}"
                ),
                "columns": normalise(" ".join(entry.columns)),
                "other": normalise(f"{entry.publisher} {entry.description} {entry.city}"),
            }
            for entry in self.entries.values()
        }

    def licence_notes(self) -> list[tuple[str, list[str]]]:
        """Each licence the catalogue's data is published under, with its publishers."""
        by_licence: dict[str, set[str]] = {}
        for entry in self.entries.values():
            by_licence.setdefault(entry.licence, set()).add(entry.publisher)
        return [(licence, sorted(publishers)) for licence, publishers in sorted(by_licence.items())]

    def get(self, entry_id: str) -> CatalogueEntry:
        entry = self.entries.get(entry_id)
        if entry is None:
            close = difflib.get_close_matches(entry_id, list(self.entries), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise InputError(f"no catalogue entry '{entry_id}'{hint}")
        return entry

    def search(self, query: str) -> list[tuple[CatalogueEntry, int]]:
        """Entries containing every term of `query`, best first (title and id weigh most)."""
        terms = normalise(query).split()
        weights = {"id": 3, "title": 3, "columns": 2, "other": 1}
        found = []
        for entry_id, fields in self._haystacks.items():
            score = 0
            for term in terms:
                hits = [weights[name] for name, text in fields.items() if term in text]
                if not hits:
                    break
                score += max(hits)
            else:
                if terms:
                    found.append((self.entries[entry_id], score))
        return sorted(found, key=lambda pair: (-pair[1], pair[0].id))

    def match_header(self, header: list[str], file_format: str | None = None) -> list[HeaderMatch]:
        """Entries ranked by how much of their header the file's header covers (order ignored):
        exact names first, as validation compares them; names equal only once folded count half.
        Between equal scores, an entry published in the file's format (CSV, JSON...) comes first,
        then the one that knows more of the file's columns."""
        exact = {name for name in header if name.strip()}
        folded = {normalise(name) for name in exact}
        matches = []
        for entry in self.entries.values():
            known = set(entry.columns) | set(entry.match_target)
            same = tuple(c for c in entry.match_target if c in exact)
            near = tuple(c for c in entry.match_target if c not in exact and normalise(c) in folded)
            if not same and not near:
                continue
            score = (len(same) + len(near) / 2) / len(entry.match_target)
            missing = tuple(c for c in entry.required if c not in exact)
            explained = sum(
                1 for name in exact if name in known or normalise(name) in self._columns[entry.id]
            )
            explains = explained / len(exact) if exact else 0.0
            matches.append(HeaderMatch(entry, score, same, missing, near, explains, file_format))
        return rank_matches(matches)


def script_city(texts: list[str]) -> str | None:
    """The city a file's own words point to: traditional Chinese is Hong Kong's script,
    simplified Shanghai's; None when the words are in neither alone (English, or both)."""
    text = "".join(texts)
    traditional = sum(a != b for a, b in zip(text, _converter("t2s").convert(text), strict=False))
    simplified = sum(a != b for a, b in zip(text, _converter("s2t").convert(text), strict=False))
    if traditional > simplified:
        return "Hong Kong"
    if simplified > traditional:
        return "Shanghai"
    return None


USEFUL_SCORE = 0.5  # below half of an entry's columns, a match is a coincidence of common names


def suggestions(
    matches: list[HeaderMatch], city: str | None = None
) -> tuple[list[HeaderMatch], str | None]:
    """The matches worth offering a user, and the city they were ordered for: those covering at
    least half of an entry's columns; entries the file fits in full first, then the file's own
    city's (the one the team gave the dataset, else the one its header's script points to:
    traditional, Hong Kong; simplified, Shanghai), then as ranked."""
    if city not in ("Hong Kong", "Shanghai"):
        city = script_city(list(matches[0].matched)) if matches else None
    useful = [m for m in matches if m.score >= USEFUL_SCORE]
    order = sorted(useful, key=lambda m: (m.score < 1, city is not None and m.entry.city != city))
    return order, city


def rank_matches(matches: list[HeaderMatch]) -> list[HeaderMatch]:
    """Best first: the higher score; between equal scores an entry published in the file's format,
    then the one that knows more of the file's columns, then by id (a stable order)."""
    return sorted(matches, key=lambda m: (-m.score, not m.in_file_format, -m.explains, m.entry.id))


def load_catalogue(folder: Path | None = None) -> Catalogue:
    folder = folder or schemas_dir() / "datasets"
    return _load(folder.resolve())


@cache
def _load(folder: Path) -> Catalogue:
    return Catalogue([load_entry(path) for path in sorted(folder.glob("*/*.json"))])
