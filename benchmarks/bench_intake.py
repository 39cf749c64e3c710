"""The intake ledger over an organiser's evenings: 200 bundles scanned into an intake the first
time, then scanned again with nothing new (target: the rescan takes at most 5% of the first
scan), then again after one new bundle arrived. Whole processes, as an organiser runs them:
  hksh-packager intake scan FOLDER --intake DIR --trust LIST
The peer of each rescan is the first scan of the same run. Bundles as bench_batch_verify.py
makes them (the sample's data re-validated, a source archive of --mb MB each).

    python benchmarks/bench_intake.py [--bundles 200] [--mb 10] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_batch_verify import make_intake  # noqa: E402  (a sibling script, not a package)


def scan(folder: Path, intake: Path, trust: Path) -> float:
    command = [sys.executable, "-m", "hksh_packager", "intake", "scan", str(folder), "--intake",
               str(intake), "--trust", str(trust)]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"intake scan failed with exit code {done.returncode}")
    print(f"    {done.stdout.strip()}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=200)
    parser.add_argument("--mb", type=int, default=10, help="size of each bundle's archive")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="hksh-bench-intake-"))
    try:
        print(f"making {args.bundles} bundles of about {args.mb} MB in {work} ...")
        drive, trust = make_intake(work, args.bundles + 1, args.mb)
        last = sorted(drive.glob("*.zip"))[-1]
        held = work / "held-back"
        held.mkdir()
        shutil.move(last, held / last.name)  # arrives on the second evening
        intake = work / "ledger"
        first = scan(drive, intake, trust)
        print(f"first scan of {args.bundles} bundles: {first:.2f} s")
        again = scan(drive, intake, trust)
        print(f"rescan, nothing new:         {again:.2f} s  ratio to the first scan "
              f"{again / first:.3f} (target <= 0.05)")  # fmt: skip
        shutil.move(held / last.name, drive / last.name)
        one = scan(drive, intake, trust)
        print(f"rescan, one new bundle:      {one:.2f} s  ratio to the first scan "
              f"{one / first:.3f}")  # fmt: skip
        return 0 if again / first <= 0.05 else 1
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
