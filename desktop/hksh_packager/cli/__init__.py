"""The `hksh-packager` command: the core for terminals and scripts.

With no command it opens the app (`gui`). Exit codes: 0 valid / done, 1 invalid bundle or data,
2 usage, input or unexpected error.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from hksh_packager import APP_NAME, __version__
from hksh_packager.cli import catalogue, demo, gui, keys, pack, trust, validate, verify
from hksh_packager.cli.console import exit_cleanly_on_sigterm, run_guarded


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Describe, validate, bundle, sign and verify HKSH Open Data Challenge "
        "submissions.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (catalogue, demo, gui, keys, pack, trust, validate, verify):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # no command: the app, as a double-click would open it
        args = parser.parse_args(["gui"])
    from hksh_packager.core.common.logs import configure_logging  # not needed for --help

    configure_logging()
    exit_cleanly_on_sigterm()
    return run_guarded(lambda: args.run(args))
