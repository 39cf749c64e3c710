"""Whole commands as a user waits for them, start to exit, against a peer run in the same process
group: the median of paired runs (ours, then the peer, alternately), printed as ratios.

  --help                      absolute target: under 0.25 s
  verify of the sample bundle absolute target: under 0.6 s (sha256sum of it shown for scale)
  validate, 1,000,000 rows    at most 2 x `python -c "import pyarrow.csv;
                              pyarrow.csv.read_csv(...)"`, on the benchmark file and on a dirty
                              one with free text (bench_validate.make_dirty_csv); at least
                              20 x frictionless when installed
                              (`pip install -e '.[bench]'`; --frictionless-runs paired runs,
                              five by default: a quarter of a minute each)
  pack, SIZE MiB              at most 0.5 x `zip -r -6` of the same folder
  verify, that bundle         at most 3 x `sha256sum` of the same payload files

Python's bytecode cache matters for start-up: an installed app has every module compiled (pip
compiles at install, the frozen app carries bytecode), but an editable install where
PYTHONDONTWRITEBYTECODE is set (as on this project's CI) compiles the project's modules on every
run, about 0.2 s more for `verify`. So every command here runs with the cache on, kept in a private
folder (PYTHONPYCACHEPREFIX) and filled by one unmeasured run of each command and peer first;
`--no-bytecode-cache` measures the other case.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_bundle import make_payload, payload_files
from bench_validate import DIRTY_SCHEMA, SCHEMA, make_csv, make_dirty_csv

OURS = str(Path(sys.executable).with_name("hksh-packager"))
PASSPHRASE = "a long benchmark passphrase"


def seconds(
    command: list[str], env: dict[str, str], cwd: Path | None = None, invalid_ok: bool = False
) -> float:
    """Wall time of one run; exit code 1 is accepted only where it means "the data is invalid"."""
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    elapsed = time.perf_counter() - start
    if result.returncode not in ((0, 1) if invalid_ok else (0,)):
        sys.exit(f"{' '.join(command[:3])} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def paired(
    runs: int, ours: Callable[[], float], peer: Callable[[], float] | None
) -> tuple[float, float | None]:
    ours()  # unmeasured: fills the bytecode cache and the file cache
    if peer is not None:
        peer()
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(ours())
        if peer is not None:
            theirs.append(peer())
    return statistics.median(mine), statistics.median(theirs) if theirs else None


def report(name: str, mine: float, peer_name: str, theirs: float | None, target: str) -> None:
    peer = f"  {peer_name} {theirs:7.2f} s  ratio {mine / theirs:6.2f}" if theirs else ""
    print(f"  {name:44s} {mine:7.2f} s{peer}   ({target})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="paired runs per command")
    parser.add_argument("--size-mib", type=int, default=1024, help="payload for pack and verify")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument(
        "--frictionless-runs", type=int, default=5,
        help="paired runs against frictionless (about 15 s each here; 0 skips it)",
    )  # fmt: skip
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile every module on every run, as with PYTHONDONTWRITEBYTECODE",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hksh-bench-cli-", dir=args.workdir))
    env = {**os.environ, "HKSH_HOME": str(work / "home"), "HKSH_KEYSTORE": "file",
           "HKSH_KEY_PASSPHRASE": PASSPHRASE}  # fmt: skip
    if args.no_bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        cache = "off (every run compiles what it imports)"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
        cache = "on (a private folder, filled by a first unmeasured run)"
    print(f"cores: {os.cpu_count()}; runs: median of {args.runs}; bytecode cache: {cache}")
    try:
        run = lambda *a: seconds([OURS, *a], env)  # noqa: E731
        mine, _ = paired(args.runs, lambda: run("--help"), None)
        report("--help", mine, "", None, "target < 0.25 s")

        subprocess.run([OURS, "demo", "--output", str(work / "demo")], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        sample = str(work / "demo" / "HKSH2023-T042.zip")
        mine, theirs = paired(args.runs, lambda: run("verify", sample),
                              lambda: seconds(["sha256sum", sample], env))  # fmt: skip
        report("verify, 22 KB sample", mine, "sha256sum", theirs, "target < 0.6 s")

        data, schema = work / "readings.csv", work / "row.schema.json"
        make_csv(data, args.rows)
        schema.write_text(json.dumps(SCHEMA, ensure_ascii=False), "utf-8")
        dirty, dirty_schema = work / "dirty.csv", work / "dirty.schema.json"
        make_dirty_csv(dirty, args.rows)
        dirty_schema.write_text(json.dumps(DIRTY_SCHEMA, ensure_ascii=False), "utf-8")

        def validate(path: Path = data, rules: Path = schema) -> float:
            command = [OURS, "validate", str(path), "--schema", str(rules), "--json"]
            return seconds(command, env, invalid_ok=True)

        for path, rules, shape in ((data, schema, "benchmark file"), (dirty, dirty_schema,
                                   "dirty, free text")):  # fmt: skip
            # The floor: a process that only imports pyarrow and reads the file with it.
            read = f"import pyarrow.csv; pyarrow.csv.read_csv({str(path)!r})"
            peer = [sys.executable, "-c", read]
            mine, theirs = paired(args.runs, lambda p=path, r=rules: validate(p, r),
                                  lambda c=peer: seconds(c, env))  # fmt: skip
            report(f"validate, {args.rows:,} rows, {shape}", mine, "pyarrow read", theirs,
                   "ratio <= 2")  # fmt: skip
        frictionless = Path(sys.executable).with_name("frictionless")
        if frictionless.exists() and args.frictionless_runs:
            # The command issue 12 measured; a relative path, as frictionless requires.
            command = [str(frictionless), "validate", "--limit-errors", "100000000", "readings.csv"]
            mine, theirs = paired(args.frictionless_runs, validate,
                                  lambda: seconds(command, env, work, True))  # fmt: skip
            assert theirs is not None
            print(f"  {'validate vs frictionless':44s} {mine:7.2f} s  frictionless {theirs:.2f} s: "
                  f"{theirs / mine:.1f} x faster (target >= 20)")  # fmt: skip

        project = make_payload(work, args.size_mib)
        profile = str(work / "bench-profile.json")
        subprocess.run([OURS, "keys", "generate", "--team", "T042"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        bundle = str(work / "bundle.zip")
        files = [str(p) for p in payload_files(project)]
        subprocess.run(["cat", *files], stdout=subprocess.DEVNULL, check=True)  # warm the cache
        mine, theirs = paired(
            args.runs, lambda: run("pack", str(project), "-o", bundle, "--profile", profile),
            lambda: seconds(["zip", "-q", "-r", "-6", str(work / "peer.zip"), "."], env,
                            cwd=project),
        )  # fmt: skip
        report(f"pack, {args.size_mib} MiB", mine, "zip -r -6", theirs, "ratio <= 0.5")
        mine, theirs = paired(args.runs, lambda: run("verify", bundle, "--profile", profile),
                              lambda: seconds(["sha256sum", *files], env))  # fmt: skip
        report(f"verify, {args.size_mib} MiB", mine, "sha256sum", theirs, "ratio <= 3")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
