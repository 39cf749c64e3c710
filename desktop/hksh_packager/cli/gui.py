"""`hksh-packager gui [PROJECT]`: open the app (also what `hksh-packager` alone does);
`gui --verify [BUNDLE_OR_FOLDER...]`: the organisers' window."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("gui", help="open the app (the default with no command)")
    parser.add_argument("project", nargs="?", type=Path, help="a project folder to open")
    parser.add_argument(
        "--exit-when-shown",
        action="store_true",
        help="close as soon as the window is shown (for smoke tests)",
    )
    parser.add_argument(
        "--verify", nargs="*", type=Path, metavar="BUNDLE_OR_FOLDER",
        help="open the organisers' window instead, verifying these bundles or folders",
    )  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from hksh_packager.gui.app import run_gui  # Qt loads only for the app

    return run_gui(
        getattr(args, "project", None), exit_when_shown=args.exit_when_shown,
        verify=getattr(args, "verify", None),
    )  # fmt: skip
