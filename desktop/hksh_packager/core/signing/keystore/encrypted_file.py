"""The fallback where no OS keyring works: the secret key encrypted with a passphrase in a file.

scrypt derives a key from the passphrase; ChaCha20-Poly1305 encrypts and authenticates the secret,
with the team id bound as associated data. The secret is never written in clear.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import KeyStoreError, Remedy
from hksh_packager.core.common.messages import Message, define, define_plural
from hksh_packager.core.common.userfiles import ensure_folder, read_small_json
from hksh_packager.core.signing.keystore.base import KeyStore, decode_secret, encode_secret
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.passphrase import PassphraseProvider

FORMAT = "hksh-encrypted-key-v1"
MIN_PASSPHRASE = 8
MAX_SCRYPT_N = 2**20


SHORT_PASSPHRASE = define_plural(
    "key.short-passphrase", "the passphrase must have at least {count} character; choose a "
    "longer one", "the passphrase must have at least {count} characters; choose a longer one",
)  # fmt: skip
UNKNOWN_FORMAT = define(
    "key.file-format", "the key file {file} is not in a format this version knows"
)
DAMAGED = define("key.file-damaged", "the key file {file} is damaged ({reason})")
WRONG_PASSPHRASE = define(
    "key.wrong-passphrase", "wrong passphrase for the key file {file} (or the file was altered)"
)
NO_KEY_FILE = define(
    "key.no-key-file", "no key file for team {team} at {file}; create the team's key on this "
    "computer"
)  # fmt: skip
IN_FILE = define("key.where-file", "passphrase-encrypted file {file}")
UNREADABLE = define("key.file-unreadable", "the key file {file} cannot be read: {reason}")


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal(team_id: str, secret: SecretKey, passphrase: str, scrypt_n: int = 2**15) -> dict[str, Any]:
    """The secret encrypted with the passphrase, as the key file (and a key backup) holds it."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyStoreError(SHORT_PASSPHRASE(count=MIN_PASSPHRASE))
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _derive(passphrase, salt, scrypt_n, 8, 1)
    sealed = ChaCha20Poly1305(key).encrypt(
        nonce, encode_secret(secret).encode("ascii"), team_id.encode("utf-8")
    )
    return {
        "format": FORMAT,
        "team_id": team_id,
        "kdf": {"name": "scrypt", "n": scrypt_n, "r": 8, "p": 1},
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext": base64.b64encode(sealed).decode("ascii"),
    }


def unseal(document: dict[str, Any], team_id: str, passphrase: str, where: str) -> SecretKey:
    """The secret of a document `seal` wrote for `team_id`; KeyStoreError naming `where`."""
    try:
        if document.get("format") != FORMAT:
            raise KeyStoreError(UNKNOWN_FORMAT(file=where))
        kdf = document["kdf"]
        salt = base64.b64decode(document["salt"])
        nonce = base64.b64decode(document["nonce"])
        sealed = base64.b64decode(document["ciphertext"])
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyStoreError(DAMAGED(file=where, reason=f"field {exc}")) from exc
    if not (2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        # Parameters this program never writes; n = 2**40 would ask for a terabyte.
        raise KeyStoreError(DAMAGED(file=where, reason=f"scrypt n={n}, r={r}, p={p}"))
    key = _derive(passphrase, salt, n, r, p)
    try:
        plain = ChaCha20Poly1305(key).decrypt(nonce, sealed, team_id.encode("utf-8"))
    except InvalidTag:
        raise KeyStoreError(
            WRONG_PASSPHRASE(file=where),
            remedy=Remedy.ENTER_PASSPHRASE,
            details={"team": team_id},
        ) from None
    return decode_secret(plain.decode("ascii"), where)


class EncryptedFileStore(KeyStore):
    kind = "file"

    def __init__(
        self, folder: Path, passphrase: PassphraseProvider, *, scrypt_n: int = 2**15
    ) -> None:
        self._folder = Path(folder)
        self._passphrase = passphrase
        self._n = scrypt_n

    def path_for(self, team_id: str) -> Path:
        return self._folder / f"{team_id}.key"

    def describe(self, team_id: str) -> Message:
        return IN_FILE(file=str(self.path_for(team_id)))

    def save(self, team_id: str, secret: SecretKey) -> None:
        document = seal(team_id, secret, self._passphrase(team_id, True), self._n)
        ensure_folder(self._folder, "keys")
        write_text_atomic(self.path_for(team_id), json.dumps(document, indent=2) + "\n", mode=0o600)

    def load(self, team_id: str) -> SecretKey:
        path = self.path_for(team_id)
        try:
            document = read_small_json(path, "the key file", KeyStoreError)
        except FileNotFoundError:
            raise KeyStoreError(
                NO_KEY_FILE(team=team_id, file=str(path)),
                remedy=Remedy.GENERATE_KEY,
                details={"team": team_id},
            ) from None
        except (OSError, ValueError) as exc:
            raise KeyStoreError(UNREADABLE(file=str(path), reason=str(exc))) from exc
        return unseal(document, team_id, self._passphrase(team_id, False), str(path))

    def delete(self, team_id: str) -> None:
        self.path_for(team_id).unlink(missing_ok=True)
