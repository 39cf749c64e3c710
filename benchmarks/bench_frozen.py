"""The standalone app against the same commands run from source, start to exit: the median of
paired runs (frozen, then source, alternately), printed as ratios.

  --help                          absolute target: under 0.15 s frozen
  verify of the sample bundle     frozen within 10% of source
  validate of a real file         frozen within 10% of source
  validate, ROWS generated rows   frozen within 10% of source

The source runs keep Python's bytecode cache in a private folder filled by a first unmeasured run,
as an installed app has every module compiled (see bench_cli.py).

    python benchmarks/bench_frozen.py --app dist/hksh-packager/hksh-packager [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import OURS, paired, seconds
from bench_validate import SCHEMA, make_csv

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"
REAL_FILE = ("edb-sch_loc_edb-2025-12-utf16.csv", "hk.edb.school-list")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, required=True, help="the frozen command line")
    parser.add_argument("--runs", type=int, default=7, help="paired runs per command")
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hksh-bench-frozen-"))
    env = {**os.environ, "HKSH_HOME": str(work / "home"),
           "PYTHONPYCACHEPREFIX": str(work / "bytecode")}  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"cores: {os.cpu_count()}; runs: median of {args.runs}; frozen: {args.app}")
    try:
        subprocess.run([OURS, "demo", "--output", str(work / "demo")], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        data, schema = work / "readings.csv", work / "row.schema.json"
        make_csv(data, args.rows)
        schema.write_text(json.dumps(SCHEMA, ensure_ascii=False), "utf-8")
        real, entry = REAL_FILE
        commands = [
            ("--help", ["--help"], False),
            ("verify, the sample bundle", ["verify", str(work / "demo" / "HKSH2023-T042.zip")],
             False),
            (f"validate, {real}", ["validate", str(REAL / real), "--schema", entry], True),
            (f"validate, {args.rows:,} rows", ["validate", str(data), "--schema", str(schema)],
             True),
        ]  # fmt: skip
        for name, command, invalid_ok in commands:
            frozen, source = paired(
                args.runs,
                lambda c=command, i=invalid_ok: seconds([str(args.app), *c], env, invalid_ok=i),
                lambda c=command, i=invalid_ok: seconds([OURS, *c], env, invalid_ok=i),
            )
            assert source is not None
            target = "target < 0.15 s frozen" if command == ["--help"] else "ratio <= 1.10"
            print(f"  {name:48s} frozen {frozen:6.2f} s  source {source:6.2f} s  "
                  f"ratio {frozen / source:5.2f}   ({target})", flush=True)  # fmt: skip
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
