"""`hksh-packager catalogue search | show | match | infer`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.cli.console import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    describe_error,
    language,
    say,
)
from hksh_packager.core.common.messages import define

if TYPE_CHECKING:
    from hksh_packager.core.catalogue.catalogue import Catalogue
    from hksh_packager.core.workflows.validate import ReadOptions


NO_MATCH = define(
    "catalogue-cli.no-match", "No catalogue entry matches; try fewer or other words (English or "
    "Chinese)."
)  # fmt: skip
NO_SHARED = define(
    "catalogue-cli.no-shared", "No catalogue entry shares a column with {file}; draft a schema "
    "with `hksh-packager catalogue infer {file}`"
)  # fmt: skip
MATCH_LINE = define("catalogue-cli.match", "{entry} ({share} of its columns): {title}")
MATCH_UNVERIFIED = define(
    "catalogue-cli.match-unverified", "  not yet checked against a real published file"
)
MATCH_MISSING = define("catalogue-cli.match-missing", "  missing required columns: {columns}")
MATCH_FOLDED = define(
    "catalogue-cli.match-folded", "  named only when case, spacing or script is ignored "
    "(validation will not accept these): {names}"
)  # fmt: skip
CITY_FIRST = define("catalogue-cli.city-first", "{city}'s entries first, the file's own city:")
FEW_SHARED = define(
    "catalogue-cli.few-shared", "No catalogue entry has half of its columns in {file}; draft a "
    "schema with `hksh-packager catalogue infer {file}`"
)  # fmt: skip
WROTE = define(
    "catalogue-cli.wrote", "Wrote a draft schema to {file}; review it before you use it."
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("catalogue", help="find datasets and draft schemas")
    actions = parser.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    search = actions.add_parser("search", help="find catalogue entries (English or Chinese)")
    search.add_argument("query", nargs="+")
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=_search)
    show = actions.add_parser("show", help="show one catalogue entry")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=_show)
    match = actions.add_parser("match", help="suggest entries for a data file from its header")
    match.add_argument("file", type=Path)
    match.add_argument("--encoding")
    match.add_argument("--sheet")
    match.add_argument("--pointer")
    match.add_argument("--header-row", type=int, metavar="N")
    match.add_argument("--header-rows", type=int, metavar="N")
    match.add_argument("--json", action="store_true")
    match.set_defaults(run=_match)
    infer = actions.add_parser("infer", help="draft a schema from a data file, to review")
    infer.add_argument("file", type=Path)
    infer.add_argument("-o", "--output", type=Path, help="write the schema here (default: print)")
    infer.add_argument("--encoding")
    infer.add_argument("--sheet")
    infer.add_argument("--pointer")
    infer.add_argument("--header-row", type=int, metavar="N")
    infer.add_argument("--header-rows", type=int, metavar="N")
    infer.set_defaults(run=_infer)


def _search(args: argparse.Namespace) -> int:
    found = _catalogue().search(" ".join(args.query))
    if args.json:
        print(json.dumps([{**e.to_json(), "score": s} for e, s in found], ensure_ascii=False,
                         indent=2))  # fmt: skip
    elif not found:
        print(say(NO_MATCH()))
    for entry, _ in [] if args.json else found:
        print(f"{entry.id:42s} {entry.city:10s} {entry.title_en} / {entry.title_zh}")
    return EXIT_OK if found else EXIT_INVALID


def _show(args: argparse.Namespace) -> int:
    entry = _catalogue().get(args.id)
    if args.json:
        print(json.dumps(entry.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{entry.id}: {entry.title_en} / {entry.title_zh}")
    for label, value in [
        ("city", entry.city), ("publisher", entry.publisher), ("portal", entry.portal),
        ("licence", entry.licence), ("updated", entry.update_frequency),
        ("format", entry.format), ("encoding", entry.encoding),
        ("records at", entry.pointer or ""), ("schema", str(entry.path)),
        ("checked", entry.verification_text()),
    ]:  # fmt: skip
        if value:
            print(f"  {label + ':':12s}{value}")
    print(f"  {entry.description}")
    for column in entry.columns:
        print(f"  - {column}{' (required)' if column in entry.required else ''}")
    return EXIT_OK


def _catalogue() -> Catalogue:
    from hksh_packager.core.catalogue.catalogue import load_catalogue

    return load_catalogue()


def _options(args: argparse.Namespace) -> ReadOptions:
    from hksh_packager.core.workflows.validate import ReadOptions

    return ReadOptions(
        args.encoding, args.sheet, args.pointer, args.header_row, header_rows=args.header_rows
    )


def _match(args: argparse.Namespace) -> int:
    from hksh_packager.core.common.errors import HkshError
    from hksh_packager.core.workflows.catalogue import match_file, suggest_entries

    try:
        matches, city = suggest_entries(args.file, _options(args))
        shared = bool(matches) or bool(match_file(args.file, _options(args)))
    except HkshError as exc:
        if not args.json:
            raise
        # --json promises one JSON document on stdout, also when the file cannot be read.
        failure = {"file": str(args.file), "error": describe_error(exc),
                   "remedy": str(exc.remedy) if exc.remedy else None}  # fmt: skip
        print(json.dumps(failure, ensure_ascii=False, indent=2))
        return EXIT_USAGE
    if args.json:
        print(json.dumps([m.to_json() for m in matches], ensure_ascii=False, indent=2))
        return EXIT_OK if matches else EXIT_INVALID
    if not matches:
        print(say((FEW_SHARED if shared else NO_SHARED)(file=str(args.file))))
        return EXIT_INVALID
    if city is not None:
        from hksh_packager.core.submission.presentation import CITIES

        print(say(CITY_FIRST(city=CITIES[city]())))
    script = {"zh_Hant_HK": "zh_hant", "zh_Hans_CN": "zh_hans"}.get(language(), "en")
    for match in matches[:5]:
        title = match.entry.titles()[script]
        print(say(MATCH_LINE(entry=match.entry.id, share=f"{match.score:.0%}", title=title)))
        if not match.entry.verified:
            print(say(MATCH_UNVERIFIED()))
        if match.missing_required:
            print(say(MATCH_MISSING(columns=list(match.missing_required))))
        if match.folded:
            print(say(MATCH_FOLDED(names=list(match.folded))))
    return EXIT_OK


def _infer(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows.catalogue import draft_schema, schema_text, write_schema

    schema = draft_schema(args.file, _options(args))
    if args.output:
        write_schema(schema, args.output)
        print(say(WROTE(file=str(args.output))))
    else:
        print(schema_text(schema), end="")
    return EXIT_OK
