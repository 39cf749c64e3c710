"""A key store in memory, for tests and for the demo's throwaway key."""

from __future__ import annotations

from hksh_packager.core.common.errors import KeyStoreError
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.signing.keystore.base import KeyStore
from hksh_packager.core.signing.minisign import SecretKey

IN_MEMORY = define("key.where-memory", "memory (lost when the program ends)")
NOT_IN_MEMORY = define("key.not-in-memory", "no secret key for team {team} in memory")


class MemoryKeyStore(KeyStore):
    kind = "memory"

    def __init__(self) -> None:
        self._keys: dict[str, SecretKey] = {}

    def describe(self, team_id: str) -> Message:
        return IN_MEMORY()

    def save(self, team_id: str, secret: SecretKey) -> None:
        self._keys[team_id] = secret

    def load(self, team_id: str) -> SecretKey:
        try:
            return self._keys[team_id]
        except KeyError:
            raise KeyStoreError(NOT_IN_MEMORY(team=team_id)) from None

    def delete(self, team_id: str) -> None:
        self._keys.pop(team_id, None)
