"""The kinds of key store a secret can be kept in, named without loading any of them."""

STORE_ENV = "HKSH_KEYSTORE"
KINDS = ("keyring", "file")
