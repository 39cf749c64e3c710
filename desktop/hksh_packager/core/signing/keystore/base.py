"""The key store interface and the one text form a secret key takes inside any store."""

from __future__ import annotations

import base64
import binascii
from abc import ABC, abstractmethod

from hksh_packager.core.common.errors import KeyStoreError
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.signing.minisign import SecretKey

_PREFIX = "hksh-secret-key-v1:"


UNKNOWN_SECRET = define(
    "key.secret-format", "the secret key in {where} is not in a format this version knows"
)
DAMAGED_SECRET = define(
    "key.secret-damaged", "the secret key in {where} is damaged; generate a new key"
)


def encode_secret(secret: SecretKey) -> str:
    return _PREFIX + base64.b64encode(secret.key_id + secret.seed).decode("ascii")


def decode_secret(text: str, where: str) -> SecretKey:
    if not text.startswith(_PREFIX):
        raise KeyStoreError(UNKNOWN_SECRET(where=where))
    try:
        raw = base64.b64decode(text[len(_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 40:
        raise KeyStoreError(DAMAGED_SECRET(where=where))
    return SecretKey(key_id=raw[:8], seed=raw[8:])


class KeyStore(ABC):
    """Holds secret keys by team id. `kind` is recorded with the team's public key so the secret is
    looked up where it was put."""

    kind: str

    @abstractmethod
    def describe(self, team_id: str) -> Message:
        """Where the secret of `team_id` is kept, in words a user understands."""

    @abstractmethod
    def save(self, team_id: str, secret: SecretKey) -> None: ...

    @abstractmethod
    def load(self, team_id: str) -> SecretKey:
        """Return the secret or raise KeyStoreError saying what to do."""

    @abstractmethod
    def delete(self, team_id: str) -> None: ...
