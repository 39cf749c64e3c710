"""`hksh-packager trust import FILE | show [--json] | forget`: the organisers' list of registered
team keys, kept on this computer and used by `verify` when no --trust is given."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.cli.console import EXIT_INVALID, EXIT_OK

if TYPE_CHECKING:
    from hksh_packager.core.signing.trust import TrustList


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
    print(f"{len(views)} keys; {revoked} revoked; {attention} listed for several teams")
    return EXIT_INVALID if attention else EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from hksh_packager.core.signing.trust_store import import_trust_list

    trust_list = import_trust_list(args.file)
    print(f"Imported {len(trust_list.entries)} keys from {args.file} into {trust_list.source}.")
    return _print_review(trust_list)


def _show(args: argparse.Namespace) -> int:
    from hksh_packager.core.common.errors import InputError
    from hksh_packager.core.signing.trust_store import load_stored_trust, review

    trust_list = load_stored_trust()
    if trust_list is None:
        raise InputError("no trust list is stored; import one: hksh-packager trust import FILE")
    if args.json:
        document = {
            "file": str(trust_list.source),
            "keys": [v.to_json() for v in review(trust_list)],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Trust list: {trust_list.source}")
    return _print_review(trust_list)


def _forget(args: argparse.Namespace) -> int:
    from hksh_packager.core.signing.trust_store import forget_stored_trust, stored_trust_path

    if forget_stored_trust():
        print(f"Removed {stored_trust_path()}; verify now uses only a list given with --trust.")
    else:
        print("No trust list was stored.")
    return EXIT_OK
