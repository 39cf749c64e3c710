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
CREATED = define("keys-cli.created", "Created key {key} for team {team}.")
PUBLIC_KEY = define("keys-cli.public-key", "Public key: {key}")
PUBLIC_KEY_LINE = define("keys-cli.public-key-line", "public key: {key}")
NEXT = define(
    "keys-cli.next", "Next: hksh-packager keys export-public --team {team} -o {team}.pub, and "
    "send that file to the organisers to register your key."
)  # fmt: skip
NO_KEYS = define(
    "keys-cli.none", "No team keys on this computer. Create one: hksh-packager keys generate "
    "--team ID"
)  # fmt: skip
LISTED = define("keys-cli.listed", "team {team}: key {key}, created {created}")
WROTE_PUBLIC = define(
    "keys-cli.wrote-public", "Wrote the public key {key} of team {team} to {file}"
)
WROTE_SECRET = define(
    "keys-cli.wrote-secret", "Wrote the secret key {key} of team {team} to {file}"
)
RESTORE_THERE = define(
    "keys-cli.restore-there", "On the other computer: hksh-packager keys restore {file}"
)
RESTORED = define("keys-cli.restored", "Restored key {key} of team {team}.")


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
    print(say(CREATED(key=info.key_id, team=info.team_id)))
    print(say(SECRET_KEY(where=info.secret_location)))
    print(say(PUBLIC_KEY(key=info.key.public_key.base64_line)))
    print(say(NEXT(team=info.team_id)))
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    found = keys.list_keys(args.team)
    if args.json:
        print(json.dumps([k.to_json() for k in found], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not found:
        print(say(NO_KEYS()))
    for info in found:
        print(say(LISTED(team=info.team_id, key=info.key_id, created=info.key.created)))
        print("  " + say(PUBLIC_KEY_LINE(key=info.key.public_key.base64_line)))
        print("  " + say(SECRET_KEY_LINE(where=info.secret_location)))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    key = keys.export_public_key(args.output, args.team)
    print(say(WROTE_PUBLIC(key=key.public_key.id_hex, team=key.team_id, file=str(args.output))))
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    key = keys.backup_key(args.output, args.team, PASSPHRASE, PASSPHRASE)
    print(say(WROTE_SECRET(key=key.public_key.id_hex, team=key.team_id, file=str(args.output))))
    print(say(NOTE(note=keys.BACKUP_WARNING)))
    print(say(RESTORE_THERE(file=str(args.output))))
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows import keys

    restored = keys.restore_key(
        args.backup, PASSPHRASE, PASSPHRASE, store_kind=args.store, replace=args.force
    )
    if restored.notice:
        print(say(NOTE(note=restored.notice)))
    info = restored.info
    print(say(RESTORED(key=info.key_id, team=info.team_id)))
    print(say(SECRET_KEY(where=info.secret_location)))
    return EXIT_OK
