"""A team's signing key: create it, find it, unlock it, export its public half for registration.

The public half and the name of the store holding the secret are kept in `<data>/keys/<team>.json`;
the secret itself only in a key store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import InputError, KeyStoreError, MinisignFormatError, Remedy
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.common.userfiles import ensure_folder, read_small_json
from hksh_packager.core.signing.keystore.base import KeyStore
from hksh_packager.core.signing.minisign import PublicKey, SecretKey

BAD_TEAM_ID = define(
    "key.bad-team-id", "Team id '{team}' is not usable: use 1 to 64 letters, digits, '.', '_' or "
    "'-', starting with a letter or digit (for example T042)"
)  # fmt: skip
DAMAGED = define(
    "key.record-damaged", "The key record {file} is damaged ({reason}); create the team's key again"
)
RECORD_UNREADABLE = define(
    "key.record-unreadable", "The key record {file} cannot be read: {reason}"
)
OTHER_TEAM = define("key.record-other-team", "it does not name team {team}")
NO_STORE = define("key.record-no-store", "it does not say where the secret key is kept")
HAS_KEY = define(
    "key.exists", "Team {team} already has a key ({key}); replace it only if you mean to: bundles "
    "signed with a new key no longer match the key you registered, so register the new one"
)  # fmt: skip
NO_KEY = define(
    "key.missing", "No key for team {team} on this computer; create the team's key first"
)
NO_KEYS = define("key.none", "No team key on this computer; create your team's key first")
SEVERAL = define("key.several", "Keys for several teams are here ({teams}); choose the team")
MISMATCH = define(
    "key.mismatch", "The secret key stored for team {team} does not match its public key {key}; "
    "create a new key in its place and register it again"
)  # fmt: skip

TEAM_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def check_team_id(team_id: str) -> str:
    if not TEAM_ID_PATTERN.match(team_id):
        raise InputError(BAD_TEAM_ID(team=escape_text(str(team_id))[:80]))
    return team_id


@dataclass(frozen=True)
class TeamKey:
    team_id: str
    public_key: PublicKey
    store_kind: str
    created: str

    def to_json(self) -> dict[str, str]:
        return {
            "team_id": self.team_id,
            "key_id": self.public_key.id_hex,
            "public_key": self.public_key.base64_line,
            "store": self.store_kind,
            "created": self.created,
        }

    def public_file_text(self) -> str:
        return public_key_file_text(self.public_key, self.team_id)


def public_key_file_text(key: PublicKey, team_id: str) -> str:
    """The .pub file a team registers and a bundle carries; the comment names the team."""
    return key.file_text(f"minisign public key {key.id_hex} of HKSH team {team_id}")


def _record_path(folder: Path, team_id: str) -> Path:
    return folder / f"{check_team_id(team_id)}.json"


STORE_KINDS = ("keyring", "file", "memory")


def _damaged(path: Path, why: Message | str) -> KeyStoreError:
    return KeyStoreError(
        DAMAGED(file=str(path), reason=why),
        remedy=Remedy.REPLACE_KEY,
        details={"team": path.stem},
    )


def _read_record(path: Path) -> TeamKey:
    try:
        data = read_small_json(path, "the key record", KeyStoreError)
    except OSError as exc:
        reason = exc.strerror or exc
        raise KeyStoreError(RECORD_UNREADABLE(file=str(path), reason=str(reason))) from None
    if data.get("team_id") != path.stem:
        raise _damaged(path, OTHER_TEAM(team=path.stem))
    if data.get("store") not in STORE_KINDS:
        raise _damaged(path, NO_STORE())
    try:
        public_key = PublicKey.from_base64(str(data.get("public_key")))
    except MinisignFormatError as exc:
        raise _damaged(path, str(exc)) from None
    created = data.get("created")
    return TeamKey(
        path.stem, public_key, data["store"], created if isinstance(created, str) else ""
    )


def generate_team_key(
    team_id: str, store: KeyStore, folder: Path, *, replace: bool = False
) -> TeamKey:
    """Create a key pair, put the secret in `store` and record the public half."""
    refuse_replacing(folder, team_id, replace)
    return store_team_key(team_id, SecretKey.generate(), store, folder)


def refuse_replacing(folder: Path, team_id: str, replace: bool) -> None:
    """KeyStoreError when the team has a key here and `replace` was not asked for."""
    record = _record_path(folder, team_id)
    if record.exists() and not replace:
        raise KeyStoreError(
            HAS_KEY(team=team_id, key=_read_record(record).public_key.id_hex),
            remedy=Remedy.REPLACE_KEY,
            details={"team": team_id},
        )


def store_team_key(team_id: str, secret: SecretKey, store: KeyStore, folder: Path) -> TeamKey:
    """Put `secret` in `store` and record its public half: a new key, or one restored from a
    backup (the caller has decided that an existing key may be replaced)."""
    store.save(team_id, secret)
    team_key = TeamKey(
        team_id=team_id,
        public_key=secret.public_key,
        store_kind=store.kind,
        created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    ensure_folder(folder, "keys")
    write_text_atomic(
        _record_path(folder, team_id), json.dumps(team_key.to_json(), indent=2) + "\n"
    )
    return team_key


def list_team_keys(folder: Path) -> list[TeamKey]:
    if not folder.is_dir():
        return []
    return [_read_record(path) for path in sorted(folder.glob("*.json"))]


def find_team_key(folder: Path, team_id: str | None) -> TeamKey:
    """The key of `team_id`, or the only key on this computer when no team is named."""
    if team_id is not None:
        record = _record_path(folder, team_id)
        if not record.exists():
            raise KeyStoreError(
                NO_KEY(team=team_id),
                remedy=Remedy.GENERATE_KEY,
                details={"team": team_id},
            )
        return _read_record(record)
    keys = list_team_keys(folder)
    if not keys:
        raise KeyStoreError(
            NO_KEYS(),
            remedy=Remedy.GENERATE_KEY,
        )
    if len(keys) > 1:
        teams = [key.team_id for key in keys]
        raise KeyStoreError(SEVERAL(teams=teams), remedy=Remedy.CHOOSE_TEAM)
    return keys[0]


def unlock_secret(team_key: TeamKey, store_for: Callable[[str], KeyStore]) -> SecretKey:
    """Load the secret from the store it was put in and check it belongs to the recorded key."""
    secret = store_for(team_key.store_kind).load(team_key.team_id)
    if secret.public_key != team_key.public_key:
        raise KeyStoreError(
            MISMATCH(team=team_key.team_id, key=team_key.public_key.id_hex),
            remedy=Remedy.REPLACE_KEY,
            details={"team": team_key.team_id},
        )
    return secret
