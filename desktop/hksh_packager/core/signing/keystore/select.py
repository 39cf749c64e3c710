"""The one place that decides which key store holds a team's secret."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import keyring

from hksh_packager.core.common.errors import KeyStoreError
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.signing.keystore.base import KeyStore
from hksh_packager.core.signing.keystore.encrypted_file import (
    EncryptedFileStore,
    PassphraseProvider,
)
from hksh_packager.core.signing.keystore.kinds import KINDS, STORE_ENV
from hksh_packager.core.signing.keystore.os_keyring import (
    KeyringStore,
    backend_is_usable,
    backend_refusal,
)

log = logging.getLogger(__name__)


UNKNOWN_STORE = define("key.unknown-store", "unknown key store '{kind}'; use one of: {kinds}")
REFUSED_KEYRING = define(
    "key.keyring-refused", "The keyring found is not used: {reason}. So the secret key is kept "
    "encrypted with your passphrase in a file in {folder}. Keep the passphrase safe: without it "
    "the key cannot be used."
)  # fmt: skip
NO_KEYRING = define(
    "key.no-keyring", "No working OS keyring was found on this computer, so the secret key is "
    "kept encrypted with your passphrase in a file in {folder}. Keep the passphrase safe: without "
    "it the key cannot be used."
)  # fmt: skip


@dataclass(frozen=True)
class StoreChoice:
    store: KeyStore
    notice: Message | None  # said to the user when the choice is not the one they would expect


def store_of_kind(kind: str, folder: Path, passphrase: PassphraseProvider) -> KeyStore:
    if kind == "keyring":
        return KeyringStore()
    if kind == "file":
        return EncryptedFileStore(folder, passphrase)
    raise KeyStoreError(UNKNOWN_STORE(kind=kind[:40], kinds=list(KINDS)))


def choose_store(
    folder: Path, passphrase: PassphraseProvider, preferred: str | None = None
) -> StoreChoice:
    """The OS keyring when a working backend exists, else the encrypted file, saying so.

    `preferred` (or the HKSH_KEYSTORE variable) forces one kind.
    """
    wanted = preferred or os.environ.get(STORE_ENV) or None
    if wanted:
        log.debug("key store %s chosen by the caller or %s", wanted, STORE_ENV)
        return StoreChoice(store_of_kind(wanted, folder, passphrase), None)
    backend = keyring.get_keyring()
    refusal = backend_refusal(backend)
    if backend_is_usable(backend) and refusal is None:
        log.debug("key store: the OS keyring (%s)", type(backend).__name__)
        return StoreChoice(KeyringStore(backend), None)
    log.debug("no usable OS keyring (%s): the encrypted key file", type(backend).__name__)
    store = EncryptedFileStore(folder, passphrase)
    notice = (
        REFUSED_KEYRING(reason=refusal, folder=str(folder))
        if refusal
        else NO_KEYRING(folder=str(folder))
    )
    return StoreChoice(store, notice)
