"""The secret key in the OS keyring (macOS Keychain, Windows Credential Locker, Secret Service)."""

from __future__ import annotations

import contextlib

import keyring
import keyring.backend
from keyring.errors import KeyringError, PasswordDeleteError

from hksh_packager import APP_NAME
from hksh_packager.core.common.errors import KeyStoreError, Remedy
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.signing.keystore.base import KeyStore, decode_secret, encode_secret
from hksh_packager.core.signing.minisign import SecretKey

SERVICE = f"{APP_NAME}/team-key"


NOT_OS_KEYRING = define(
    "keyring.not-os", "the keyring backend {backend} is not the operating system's keyring and "
    "may keep secrets unencrypted"
)  # fmt: skip
IN_KEYRING = define("keyring.where", "OS keyring ({backend}), entry '{service}' / '{team}'")
NOT_STORED = define(
    "keyring.not-stored", "the secret key was not stored: {reason}. Keep it in a "
    "passphrase-encrypted file instead"
)  # fmt: skip
STORE_REFUSED = define(
    "keyring.refused", "the OS keyring ({backend}) refused to store the key: {reason}. Unlock the "
    "keyring, or keep the key in a passphrase-encrypted file instead"
)  # fmt: skip
NOT_READ = define(
    "keyring.not-read", "the OS keyring ({backend}) could not be read: {reason}. Unlock it and "
    "retry"
)  # fmt: skip
NOT_IN_KEYRING = define(
    "keyring.no-key", "no secret key for team {team} in the OS keyring ({backend}); create the "
    "team's key on this computer"
)  # fmt: skip


def backend_refusal(backend: keyring.backend.KeyringBackend) -> Message | None:
    """Why this backend must not hold a secret key, or None. keyrings.alt's backends are not the
    operating system's keyring (its PlaintextKeyring writes secrets in clear to a file), and
    keyring's chainer is only as safe as every backend in it."""
    for member in getattr(backend, "backends", None) or [backend]:
        kind = type(member)
        name = f"{kind.__module__}.{kind.__name__}"
        if kind.__module__.startswith("keyrings.alt") or "plaintext" in kind.__name__.lower():
            return NOT_OS_KEYRING(backend=name)
    return None


def backend_is_usable(backend: keyring.backend.KeyringBackend) -> bool:
    """False for keyring's 'fail' and 'null' backends and a chain with nothing in it."""
    name = type(backend).__module__ + "." + type(backend).__name__
    if name.startswith(("keyring.backends.fail.", "keyring.backends.null.")):
        return False
    backends = getattr(backend, "backends", None)
    if backends is not None and not backends:
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend whose priority check itself fails cannot be used
        return False


class KeyringStore(KeyStore):
    kind = "keyring"

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend or keyring.get_keyring()

    @property
    def backend_name(self) -> str:
        return getattr(self._backend, "name", type(self._backend).__name__)

    def describe(self, team_id: str) -> Message:
        return IN_KEYRING(backend=self.backend_name, service=SERVICE, team=team_id)

    def save(self, team_id: str, secret: SecretKey) -> None:
        refusal = backend_refusal(self._backend)
        if refusal is not None:
            raise KeyStoreError(NOT_STORED(reason=refusal), remedy=Remedy.USE_KEY_FILE)
        try:
            self._backend.set_password(SERVICE, team_id, encode_secret(secret))
        except KeyringError as exc:
            said = STORE_REFUSED(backend=self.backend_name, reason=str(exc))
            raise KeyStoreError(said, remedy=Remedy.USE_KEY_FILE) from exc

    def load(self, team_id: str) -> SecretKey:
        try:
            text = self._backend.get_password(SERVICE, team_id)
        except KeyringError as exc:
            raise KeyStoreError(NOT_READ(backend=self.backend_name, reason=str(exc))) from exc
        if text is None:
            raise KeyStoreError(
                NOT_IN_KEYRING(team=team_id, backend=self.backend_name),
                remedy=Remedy.GENERATE_KEY,
                details={"team": team_id},
            )
        return decode_secret(text, f"the OS keyring entry for team {team_id}")

    def delete(self, team_id: str) -> None:
        with contextlib.suppress(PasswordDeleteError):
            self._backend.delete_password(SERVICE, team_id)
