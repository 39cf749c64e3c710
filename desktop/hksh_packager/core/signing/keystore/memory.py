"""A key store in memory, for tests and for the demo's throwaway key."""

from __future__ import annotations

from hksh_packager.core.common.errors import KeyStoreError
from hksh_packager.core.signing.keystore.base import KeyStore
from hksh_packager.core.signing.minisign import SecretKey


class MemoryKeyStore(KeyStore):
    kind = "memory"

    def __init__(self) -> None:
        self._keys: dict[str, SecretKey] = {}

    def describe(self, team_id: str) -> str:
        return "memory (lost when the program ends)"

    def save(self, team_id: str, secret: SecretKey) -> None:
        self._keys[team_id] = secret

    def load(self, team_id: str) -> SecretKey:
        try:
            return self._keys[team_id]
        except KeyError:
            raise KeyStoreError(f"no secret key for team {team_id} in memory") from None

    def delete(self, team_id: str) -> None:
        self._keys.pop(team_id, None)
