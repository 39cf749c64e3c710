"""`hksh-packager trust import FILE | show [--json] | forget`: the organisers' list of registered
team keys, kept on this computer and used by `verify` when no --trust is given."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.cli.console import EXIT_INVALID, EXIT_OK, say
from hksh_packager.core.common.messages import define, define_plural

if TYPE_CHECKING:
    from hksh_packager.core.signing.trust import TrustList


REVIEWED = define_plural(
    "trust-cli.reviewed", "{count} key; {revoked} revoked; {shared} listed for several teams",
    "{count} keys; {revoked} revoked; {shared} listed for several teams",
)  # fmt: skip
IMPORTED = define_plural(
    "trust-cli.imported", "Imported {count} key from {file} into {target}.",
    "Imported {count} keys from {file} into {target}.",
)  # fmt: skip
SHOWN = define("trust-cli.shown", "Trust list: {source}")
REMOVED = define(
    "trust-cli.removed", "Removed {path}; verify now uses only a list given with --trust."
)
NONE_STORED = define("trust-cli.none-stored", "No trust list was stored.")
NO_LIST = define(
    "trust-cli.no-list", "no trust list is stored; import one: hksh-packager trust import FILE"
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("trust", help="organisers: the registered teams' keys")
    actions = parser.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    imported = actions.add_parser(
        "import", help="keep the registered keys (CSV or JSON) for every later verify"
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.set_defaults(run=_import)
    show = actions.add_parser("show", help="list the stored keys and what needs attention")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=_show)
    forget = actions.add_parser("forget", help="remove the stored trust list")
    forget.set_defaults(run=_forget)


def _print_review(trust_list: TrustList) -> int:
    from hksh_packager.core.common.textsafety import escape_text
    from hksh_packager.core.signing.trust_store import EntryStatus, review

    views = review(trust_list)
    width = max((len(v.entry.team_id) for v in views), default=4)
    for view in views:
        line = f"{escape_text(view.entry.team_id):<{width}}  {view.key_id}  {view.status:<24}  "
        print(line + escape_text(view.entry.team_name))
        if view.remark:
            print(f"{'':<{width}}  {escape_text(view.remark)}")
    attention = sum(1 for v in views if v.status == EntryStatus.SHARED)
    revoked = sum(1 for v in views if v.status == EntryStatus.REVOKED)
    print(say(REVIEWED(count=len(views), revoked=revoked, shared=attention)))
    return EXIT_INVALID if attention else EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from hksh_packager.core.signing.trust_store import import_trust_list

    trust_list = import_trust_list(args.file)
    print(say(IMPORTED(count=len(trust_list.entries), file=str(args.file),
                       target=str(trust_list.source))))  # fmt: skip
    return _print_review(trust_list)


def _show(args: argparse.Namespace) -> int:
    from hksh_packager.core.common.errors import InputError
    from hksh_packager.core.signing.trust_store import load_stored_trust, review

    trust_list = load_stored_trust()
    if trust_list is None:
        raise InputError(NO_LIST())
    if args.json:
        document = {
            "file": str(trust_list.source),
            "keys": [v.to_json() for v in review(trust_list)],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(say(SHOWN(source=str(trust_list.source))))
    return _print_review(trust_list)


def _forget(args: argparse.Namespace) -> int:
    from hksh_packager.core.signing.trust_store import forget_stored_trust, stored_trust_path

    if forget_stored_trust():
        print(say(REMOVED(path=str(stored_trust_path()))))
    else:
        print(say(NONE_STORED()))
    return EXIT_OK
