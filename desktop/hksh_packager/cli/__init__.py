"""The `hksh-packager` command: the core for terminals and scripts.

With no command it opens the app (`gui`). Exit codes: 0 valid / done, 1 invalid bundle or data,
2 usage, input or unexpected error. Messages follow the locale as gettext does (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG), or `--lang`, given before or after the command.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from hksh_packager import APP_NAME, __version__
from hksh_packager.cli import catalogue, demo, gui, intake, keys, pack, trust, validate, verify
from hksh_packager.cli.console import exit_cleanly_on_sigterm, run_guarded, set_language

LANGUAGE_CHOICES = ("en", "zh_Hant_HK", "zh_Hans_CN")


def _add_language(parser: argparse.ArgumentParser, top: bool) -> None:
    """--lang on `parser` and every command under it; a command's own --lang wins."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGE_CHOICES,
        default=None if top else argparse.SUPPRESS,
        help="the language of messages: en, zh_Hant_HK (繁體中文, Hong Kong), zh_Hans_CN "
        "(简体中文, Shanghai); default: the locale's (LANG)",
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _add_language(command, top=False)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Describe, validate, bundle, sign and verify HKSH Open Data Challenge "
        "submissions.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (catalogue, demo, gui, intake, keys, pack, trust, validate, verify):
        module.register(commands)
    _add_language(parser, top=True)
    return parser


def run() -> None:
    """The program: the command line's exit code, as the process's."""
    code = main()
    # Python's exit collects every object it can still reach, all about to be freed with the
    # process: 20-30 ms of every command (a validate's parent holds jsonschema and its cache).
    # Frozen, they are passed over; everything is still closed and flushed as at any exit.
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # no command: the app, as a double-click would open it
        args = parser.parse_args(["gui"])
    from hksh_packager.core.common.language import choose_language

    set_language(choose_language(args.lang))
    from hksh_packager.core.common.logs import configure_logging  # not needed for --help

    configure_logging()
    exit_cleanly_on_sigterm()
    return run_guarded(lambda: args.run(args))
