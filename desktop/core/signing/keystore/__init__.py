"""Where a team's secret key lives: one interface, the OS keyring and an encrypted file behind it,
an in-memory store for tests, chosen in one place (`select.py`)."""

from hksh_packager.core.signing.keystore.base import KeyStore, decode_secret, encode_secret

__all__ = ["KeyStore", "decode_secret", "encode_secret"]
