"""`hksh-packager keys generate | show | export-public | backup | restore`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from hksh_packager.cli.console import EXIT_OK, PASSPHRASE, say
from hksh_packager.core.common.messages import define
from hksh_packager.core.signing.keystore.kinds import KINDS

NOTE = define("cli.note", "note: {note}")
SECRET_KEY = define("cli.secret-key", "Secret key: {where}")
SECRET_KEY_LINE = define("cli.secret-key-line", "secret key: {where}")


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

    backup = actions.add_parser(
        "backup", help="write the secret key to a passphrase-encrypted file, for another computer"
    )
    backup.add_argument("--team", help="the team (needed when several keys are here)")
    backup.add_argument("-o", "--output", required=True, type=Path, help="FILE to write")
    backup.set_defaults(run=_backup)

    restore = actions.add_parser("restore", help="bring a key backup onto this computer")
    restore.add_argument("backup", type=Path, help="the file `keys backup` wrote")
    restore.add_argument("--store", choices=KINDS, help="force where the secret key is kept")
    restore.add_argument("--force", action="store_true", help="replace the team's key here")
    restore.set_defaults(run=_restore)


def _generate(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    created = keys.generate_key(args.team, PASSPHRASE, store_kind=args.store, replace=args.force)
    if created.notice:
        print(say(NOTE(note=created.notice)))
    info = created.info
    print(f"Created key {info.key_id} for team {info.team_id}.")
    print(say(SECRET_KEY(where=info.secret_location)))
    print(f"Public key: {info.key.public_key.base64_line}")
    print(f"Next: hksh-packager keys export-public --team {info.team_id} -o {info.team_id}.pub")
    print("and send that file to the organisers to register your key.")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    found = keys.list_keys(args.team)
    if args.json:
        print(json.dumps([k.to_json() for k in found], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not found:
        print("No team keys on this computer. Create one: hksh-packager keys generate --team ID")
    for info in found:
        print(f"team {info.team_id}: key {info.key_id}, created {info.key.created}")
        print(f"  public key: {info.key.public_key.base64_line}")
        print("  " + say(SECRET_KEY_LINE(where=info.secret_location)))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    key = keys.export_public_key(args.output, args.team)
    print(f"Wrote the public key {key.public_key.id_hex} of team {key.team_id} to {args.output}")
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    key = keys.backup_key(args.output, args.team, PASSPHRASE, PASSPHRASE)
    print(f"Wrote the secret key {key.public_key.id_hex} of team {key.team_id} to {args.output}")
    print(say(NOTE(note=keys.BACKUP_WARNING)))
    print(f"On the other computer: hksh-packager keys restore {args.output}")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    restored = keys.restore_key(
        args.backup, PASSPHRASE, PASSPHRASE, store_kind=args.store, replace=args.force
    )
    if restored.notice:
        print(say(NOTE(note=restored.notice)))
    info = restored.info
    print(f"Restored key {info.key_id} of team {info.team_id}.")
    print(say(SECRET_KEY(where=info.secret_location)))
    return EXIT_OK
