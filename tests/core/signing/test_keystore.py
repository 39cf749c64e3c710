from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from hksh_packager.core.common.errors import KeyStoreError, Remedy
from hksh_packager.core.signing.keystore.encrypted_file import EncryptedFileStore
from hksh_packager.core.signing.keystore.memory import MemoryKeyStore
from hksh_packager.core.signing.keystore.os_keyring import SERVICE, KeyringStore
from hksh_packager.core.signing.keystore.select import choose_store, store_of_kind
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.team_keys import find_team_key, generate_team_key, unlock_secret


class InMemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend class, registered with keyring for the test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def os_keyring() -> Iterator[InMemoryKeyring]:
    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def passphrase(value: str = "correct horse battery"):  # type: ignore[no-untyped-def]
    return lambda team_id, confirm: value


def test_working_keyring_is_chosen_and_holds_the_secret(
    os_keyring: InMemoryKeyring, tmp_path: Path
) -> None:
    choice = choose_store(tmp_path, passphrase())
    assert isinstance(choice.store, KeyringStore) and choice.notice is None
    team_key = generate_team_key("T042", choice.store, tmp_path)
    assert (SERVICE, "T042") in os_keyring.entries
    assert not list(tmp_path.glob("*.key")), "no key file when the keyring works"
    found = find_team_key(tmp_path, "T042")
    secret = unlock_secret(found, lambda kind: store_of_kind(kind, tmp_path, passphrase()))
    assert secret.public_key == team_key.public_key


def test_without_a_keyring_the_encrypted_file_is_used_and_the_user_is_told(
    no_keyring: None, tmp_path: Path
) -> None:
    choice = choose_store(tmp_path, passphrase())
    assert isinstance(choice.store, EncryptedFileStore)
    assert choice.notice and "passphrase" in str(choice.notice)


def test_encrypted_file_round_trips_and_never_holds_the_secret_in_clear(tmp_path: Path) -> None:
    store = EncryptedFileStore(tmp_path, passphrase())
    secret = SecretKey.generate()
    store.save("T042", secret)
    stored = store.path_for("T042").read_bytes()
    assert secret.seed not in stored
    assert base64.b64encode(secret.seed) not in stored
    assert base64.b64encode(secret.key_id + secret.seed) not in stored
    if os.name == "posix":
        assert store.path_for("T042").stat().st_mode & 0o777 == 0o600
    assert EncryptedFileStore(tmp_path, passphrase()).load("T042") == secret


def test_wrong_passphrase_and_altered_file_are_refused_with_the_path(tmp_path: Path) -> None:
    store = EncryptedFileStore(tmp_path, passphrase())
    store.save("T042", SecretKey.generate())
    with pytest.raises(KeyStoreError, match="wrong passphrase.*T042.key"):
        EncryptedFileStore(tmp_path, passphrase("not the passphrase")).load("T042")
    document = json.loads(store.path_for("T042").read_text())
    document["team_id"] = "T043"
    (tmp_path / "T043.key").write_text(json.dumps(document))
    with pytest.raises(KeyStoreError, match="wrong passphrase|altered"):
        store.load("T043")  # a key file copied to another team does not decrypt


def test_short_passphrase_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    store = EncryptedFileStore(tmp_path, passphrase("short"))
    with pytest.raises(KeyStoreError, match="at least 8"):
        store.save("T042", SecretKey.generate())
    assert not list(tmp_path.iterdir())


def test_existing_key_is_not_replaced_without_force(tmp_path: Path) -> None:
    store = MemoryKeyStore()
    first = generate_team_key("T042", store, tmp_path)
    with pytest.raises(KeyStoreError, match="already has a key"):
        generate_team_key("T042", store, tmp_path)
    assert unlock_secret(find_team_key(tmp_path, "T042"), lambda kind: store).public_key == (
        first.public_key
    )
    second = generate_team_key("T042", store, tmp_path, replace=True)
    assert second.public_key != first.public_key


def test_secret_that_does_not_match_the_recorded_public_key_is_refused(tmp_path: Path) -> None:
    store = MemoryKeyStore()
    generate_team_key("T042", store, tmp_path)
    store.save("T042", SecretKey.generate())
    with pytest.raises(KeyStoreError, match="does not match"):
        unlock_secret(find_team_key(tmp_path, "T042"), lambda kind: store)


def test_missing_key_says_how_to_create_one(os_keyring: InMemoryKeyring, tmp_path: Path) -> None:
    for attempt in (lambda: find_team_key(tmp_path, "T9"), lambda: KeyringStore().load("T9")):
        with pytest.raises(KeyStoreError, match="T9") as caught:
            attempt()
        assert caught.value.remedy == Remedy.GENERATE_KEY
        assert caught.value.details == {"team": "T9"}
        assert "--" not in str(caught.value)  # core words fit any face, not only the CLI


def test_bad_team_id_is_refused(tmp_path: Path) -> None:
    from hksh_packager.core.common.errors import InputError

    with pytest.raises(InputError, match="Team id '../x'"):
        generate_team_key("../x", MemoryKeyStore(), tmp_path)
