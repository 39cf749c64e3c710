"""`hksh-packager keys generate | show | export-public`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from hksh_packager.cli.console import EXIT_OK, passphrase_from_env_or_prompt
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import InputError
from hksh_packager.core.common.paths import keys_dir
from hksh_packager.core.signing.keystore.base import KeyStore
from hksh_packager.core.signing.keystore.select import KINDS, choose_store, store_of_kind
from hksh_packager.core.signing.team_keys import (
    TeamKey,
    check_team_id,
    find_team_key,
    generate_team_key,
    list_team_keys,
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("keys", help="create and show the team's signing key")
    actions = parser.add_subparsers(dest="keys_command", metavar="ACTION", required=True)

    generate = actions.add_parser("generate", help="create the team's key pair")
    generate.add_argument("--team", required=True, help="your registered team id, e.g. T042")
    generate.add_argument("--store", choices=KINDS, help="force where the secret key is kept")
    generate.add_argument("--force", action="store_true", help="replace an existing key")
    generate.set_defaults(run=_generate)

    show = actions.add_parser("show", help="list the team keys on this computer")
    show.add_argument("--team", help="show one team only")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=_show)

    export = actions.add_parser("export-public", help="write the public key for registration")
    export.add_argument("--team", help="the team (needed when several keys are here)")
    export.add_argument("-o", "--output", required=True, type=Path, help="FILE.pub to write")
    export.set_defaults(run=_export)


def store_for_kind(kind: str) -> KeyStore:
    return store_of_kind(kind, keys_dir(), passphrase_from_env_or_prompt)


def _generate(args: argparse.Namespace) -> int:
    team_id = check_team_id(args.team)
    choice = choose_store(keys_dir(), passphrase_from_env_or_prompt, args.store)
    if choice.notice:
        print(f"note: {choice.notice}")
    team_key = generate_team_key(team_id, choice.store, keys_dir(), replace=args.force)
    print(f"Created key {team_key.public_key.id_hex} for team {team_id}.")
    print(f"Secret key: {choice.store.describe(team_id)}")
    print(f"Public key: {team_key.public_key.base64_line}")
    print(f"Next: hksh-packager keys export-public --team {team_id} -o {team_id}.pub")
    print("and send that file to the organisers to register your key.")
    return EXIT_OK


def _describe(key: TeamKey) -> dict[str, str]:
    return {**key.to_json(), "secret_key_in": store_for_kind(key.store_kind).describe(key.team_id)}


def _show(args: argparse.Namespace) -> int:
    keys = [find_team_key(keys_dir(), args.team)] if args.team else list_team_keys(keys_dir())
    if args.json:
        print(json.dumps([_describe(k) for k in keys], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not keys:
        print("No team keys on this computer. Create one: hksh-packager keys generate --team ID")
    for key in keys:
        info = _describe(key)
        print(f"team {key.team_id}: key {info['key_id']}, created {info['created']}")
        print(f"  public key: {info['public_key']}")
        print(f"  secret key: {info['secret_key_in']}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    key = find_team_key(keys_dir(), args.team)
    output: Path = args.output
    if not output.parent.is_dir():
        raise InputError(f"the folder {output.parent} does not exist; create it or choose another")
    write_text_atomic(output, key.public_file_text())
    print(f"Wrote the public key {key.public_key.id_hex} of team {key.team_id} to {output}")
    return EXIT_OK
