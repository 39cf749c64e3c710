"""Where a key file's passphrase comes from: a provider the caller passes (a terminal prompt, a
dialog), with HKSH_KEY_PASSPHRASE first for scripts and CI. Light on imports: the command line
builds its provider before it knows whether a command needs one."""

from __future__ import annotations

import os
from collections.abc import Callable

PASSPHRASE_ENV = "HKSH_KEY_PASSPHRASE"

# Asked for a passphrase: (team id, confirm: True when a new one is being set) -> passphrase.
PassphraseProvider = Callable[[str, bool], str]


def passphrase_source(ask: PassphraseProvider) -> PassphraseProvider:
    """HKSH_KEY_PASSPHRASE when it is set (scripts, CI), otherwise `ask` (a prompt, a dialog)."""

    def provide(team_id: str, confirm: bool) -> str:
        value = os.environ.get(PASSPHRASE_ENV)
        return value if value is not None else ask(team_id, confirm)

    return provide


def preset_passphrase() -> str | None:
    """HKSH_KEY_PASSPHRASE when it is set: a face asks the user only when it is not."""
    return os.environ.get(PASSPHRASE_ENV)
