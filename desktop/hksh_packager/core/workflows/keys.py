"""The team's signing key: create it, list and find keys, unlock one, export its public half,
back it up to a passphrase-encrypted file and restore it on another computer.

Where a secret is kept is chosen in core.signing.keystore.select; a passphrase comes from the
provider the caller passes (a terminal prompt, a dialog), with HKSH_KEY_PASSPHRASE first.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import InputError, KeyStoreError, Remedy
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.common.paths import keys_dir
from hksh_packager.core.common.userfiles import read_small_json
from hksh_packager.core.signing.keystore.base import KeyStore
from hksh_packager.core.signing.keystore.encrypted_file import (
    EncryptedFileStore,
    PassphraseProvider,
    seal,
    unseal,
)
from hksh_packager.core.signing.keystore.select import choose_store, store_of_kind
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.team_keys import (
    TeamKey,
    check_team_id,
    find_team_key,
    generate_team_key,
    list_team_keys,
    refuse_replacing,
    store_team_key,
    unlock_secret,
)
from hksh_packager.core.submission.project import Project

PASSPHRASE_NEEDED = define(
    "key.passphrase-needed", "the key of team {team} is kept in a passphrase-encrypted file; its "
    "passphrase is needed"
)  # fmt: skip
NO_FOLDER = define(
    "key.no-folder", "the folder {folder} does not exist; create it or choose another"
)
NO_BACKUP = define("key.no-backup", "the key backup {file} does not exist")
BACKUP_NO_TEAM = define(
    "key.backup-no-team", "the key backup {file} names no team; it is not a key backup"
)
OTHER_TEAM = define(
    "key.other-team", "submission.json is by team {team}, not {requested}; sign with that team's "
    "key"
)  # fmt: skip


log = logging.getLogger(__name__)


def no_passphrase(team_id: str, confirm: bool) -> str:
    """For calls that must not need one: say that a passphrase is needed."""
    raise KeyStoreError(
        PASSPHRASE_NEEDED(team=team_id),
        remedy=Remedy.ENTER_PASSPHRASE,
        details={"team": team_id},
    )


@dataclass(frozen=True)
class KeyInfo:
    """A team key as a face shows it."""

    key: TeamKey
    secret_location: Message  # where the secret is kept, in words a user understands
    needs_passphrase: bool

    @property
    def team_id(self) -> str:
        return self.key.team_id

    @property
    def key_id(self) -> str:
        return self.key.public_key.id_hex

    def to_json(self) -> dict[str, Any]:
        return {**self.key.to_json(), "secret_key_in": str(self.secret_location)}


@dataclass(frozen=True)
class NewKey:
    info: KeyInfo
    notice: Message | None  # why the secret is not where the user would expect (no OS keyring)


def key_store(kind: str, passphrase: PassphraseProvider = no_passphrase) -> KeyStore:
    return store_of_kind(kind, keys_dir(), passphrase)


def needs_passphrase(key: TeamKey) -> bool:
    return key.store_kind == EncryptedFileStore.kind


def key_info(key: TeamKey) -> KeyInfo:
    location = key_store(key.store_kind).describe(key.team_id)
    return KeyInfo(key, location, needs_passphrase(key))


@dataclass(frozen=True)
class StorePlan:
    """Where a new key's secret will go, known before it is made: a face asks for a passphrase
    (twice) only when the encrypted file is chosen, and shows `notice` when it explains why."""

    kind: str
    location: Message
    notice: Message | None

    @property
    def needs_passphrase(self) -> bool:
        return self.kind == EncryptedFileStore.kind


def plan_new_key(team_id: str, store_kind: str | None = None) -> StorePlan:
    check_team_id(team_id)
    choice = choose_store(keys_dir(), no_passphrase, store_kind)
    return StorePlan(choice.store.kind, choice.store.describe(team_id), choice.notice)


def generate_key(
    team_id: str,
    passphrase: PassphraseProvider,
    *,
    store_kind: str | None = None,
    replace: bool = False,
) -> NewKey:
    """Create the team's key pair; the secret goes to the OS keyring or the encrypted file."""
    check_team_id(team_id)
    choice = choose_store(keys_dir(), passphrase, store_kind)
    key = generate_team_key(team_id, choice.store, keys_dir(), replace=replace)
    log.debug("created key %s for team %s in %s", key.public_key.id_hex, team_id, key.store_kind)
    return NewKey(key_info(key), choice.notice)


def list_keys(team_id: str | None = None) -> list[KeyInfo]:
    """The keys on this computer (one team's when `team_id` is given)."""
    keys = [find_team_key(keys_dir(), team_id)] if team_id else list_team_keys(keys_dir())
    return [key_info(key) for key in keys]


def find_key(team_id: str | None = None) -> TeamKey:
    """The key of `team_id`, or the only key on this computer."""
    return find_team_key(keys_dir(), team_id)


def unlock_key(key: TeamKey, passphrase: PassphraseProvider = no_passphrase) -> SecretKey:
    """The secret key, from wherever it is kept. Call it before long work, on the caller's
    thread: it may ask for the passphrase."""
    return unlock_secret(key, lambda kind: key_store(kind, passphrase))


def export_public_key(output: Path, team_id: str | None = None) -> TeamKey:
    """Write the team's public key file (minisign format) for registration."""
    key = find_key(team_id)
    output = Path(output)
    if not output.parent.is_dir():
        raise InputError(NO_FOLDER(folder=str(output.parent)), remedy=Remedy.CHOOSE_OUTPUT)
    write_text_atomic(output, key.public_file_text())
    return key


# Said wherever a backup is written: the file is the team's signing key, and the passphrase is
# all that protects it.
BACKUP_WARNING = define(
    "key.backup-warning", "this file is your team's secret signing key, protected only by its "
    "passphrase: keep it on a drive you carry or in a password manager, never in the project "
    "folder, a bundle, a shared drive or an email"
)()  # fmt: skip


def backup_key(
    output: Path,
    team_id: str | None,
    unlock: PassphraseProvider,
    backup_passphrase: PassphraseProvider,
) -> TeamKey:
    """Write the team's secret key to `output`, encrypted with a passphrase asked for it (the
    key file format), for `restore_key` on another computer. `unlock` opens the key where it is
    kept now, when that needs a passphrase."""
    key = find_key(team_id)
    output = Path(output)
    if not output.parent.is_dir():
        raise InputError(NO_FOLDER(folder=str(output.parent)), remedy=Remedy.CHOOSE_OUTPUT)
    write_backup(output, key, unlock_key(key, unlock), backup_passphrase(key.team_id, True))
    return key


def write_backup(output: Path, key: TeamKey, secret: SecretKey, passphrase: str) -> None:
    """Write `secret` (the unlocked key of `key`) to `output`, sealed with `passphrase`, 0600."""
    document = seal(key.team_id, secret, passphrase)
    write_text_atomic(Path(output), json.dumps(document, indent=2) + "\n", mode=0o600)
    log.info("wrote a backup of the key %s of team %s", key.public_key.id_hex, key.team_id)


def restore_key(
    backup: Path,
    backup_passphrase: PassphraseProvider,
    store_passphrase: PassphraseProvider,
    *,
    store_kind: str | None = None,
    replace: bool = False,
) -> NewKey:
    """Bring a key `backup_key` wrote onto this computer: its secret goes where a new key's
    would (the OS keyring, else an encrypted file), under its team."""
    try:
        document = read_small_json(Path(backup), "the key backup", KeyStoreError)
    except FileNotFoundError:
        raise InputError(NO_BACKUP(file=str(backup))) from None
    team_id = document.get("team_id")
    if not isinstance(team_id, str):
        raise KeyStoreError(BACKUP_NO_TEAM(file=str(backup)))
    check_team_id(team_id)
    refuse_replacing(keys_dir(), team_id, replace)
    secret = unseal(document, team_id, backup_passphrase(team_id, False), str(backup))
    choice = choose_store(keys_dir(), store_passphrase, store_kind)
    key = store_team_key(team_id, secret, choice.store, keys_dir())
    log.info("restored the key %s of team %s from %s", key.public_key.id_hex, team_id, backup)
    return NewKey(key_info(key), choice.notice)


def signing_team(project: Project, requested: str | None = None) -> str:
    """The team whose key signs `project`: the submission's own, which a caller may only confirm."""
    if requested is not None and requested != project.team_id:
        raise InputError(
            OTHER_TEAM(team=project.team_id, requested=requested),
            remedy=Remedy.CHOOSE_TEAM,
        )
    return project.team_id
