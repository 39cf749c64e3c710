"""Errors a user can cause and act on. Their text is the whole message shown to the user."""


class HkshError(Exception):
    """An error with a message that says what went wrong, where, and what to do."""


class InputError(HkshError):
    """A file, folder or argument given by the user cannot be used as it is."""


class KeyStoreError(HkshError):
    """A key could not be created, stored, found or unlocked."""


class Cancelled(HkshError):
    """The user cancelled a long operation; nothing was left half-written."""

    def __init__(self, message: str = "cancelled by the user") -> None:
        super().__init__(message)
