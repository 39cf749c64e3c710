"""Verify a whole intake: 200 bundles of about 10 MB each, the way organisers do after a deadline.

Each bundle is a real submission (the sample's datasets, validated and re-validated; its proposal
and image; a 10 MB source archive of incompressible bytes, stored as video and archives are),
packed and signed by a different team key, with a trust list registering every key. Measured as
whole processes, median of --runs paired runs, the page cache warmed for both:
  ours:  hksh-packager verify FOLDER --trust LIST --json (full checks, datasets re-validated)
  peer:  sha256sum over the same bundle files (single-threaded)
Prints bundles/s and MB/s for each, the ratio of throughputs (target >= 1.5: we use every core,
sha256sum one), and the peak RSS of the largest process of our run, a worker or the parent
(target < 300 MB: memory per worker does not grow with the intake).

    python benchmarks/bench_batch_verify.py [--bundles 200] [--mb 10] [--runs 3] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_intake(work: Path, count: int, megabytes: int) -> tuple[Path, Path]:
    """`count` bundles in work/intake and the trust list registering their keys."""
    from hksh_packager.core.bundle.pack import pack_project
    from hksh_packager.core.signing.minisign import SecretKey
    from hksh_packager.core.submission.project import load_project
    from hksh_packager.core.validation.project import validate_project

    project = work / "project"
    shutil.copytree(ROOT / "resources" / "sample", project)
    (project / "src").mkdir()
    with zipfile.ZipFile(project / "src" / "source.zip", "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("build/app.bin", os.urandom(megabytes * 1_000_000))
    path = project / "submission.json"
    document = json.loads(path.read_text("utf-8"))
    document["attachments"].append({"file": "src/source.zip", "kind": "source"})
    validation = validate_project(load_project(project))  # the same data in every bundle
    intake = work / "intake"
    intake.mkdir()
    trust = []
    for number in range(count):
        team = f"T{number:03d}"
        document["team"]["id"], document["submission_id"] = team, f"HKSH2023-{team}"
        path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
        key = SecretKey(key_id=number.to_bytes(8, "big"), seed=number.to_bytes(32, "big"))
        pack_project(load_project(project), intake / f"{team}.zip", key, epoch=1_700_000_000,
                     validation=validation)  # fmt: skip
        trust.append({"team_id": team, "team_name": document["team"]["name"],
                      "public_key": key.public_key.base64_line})  # fmt: skip
    trust_file = work / "trust.json"
    trust_file.write_text(json.dumps(trust, ensure_ascii=False), "utf-8")
    return intake, trust_file


def run(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit(f"{command[0]} failed with exit code {done.returncode}")
    return seconds, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=200)
    parser.add_argument("--mb", type=int, default=10, help="size of each bundle's archive")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    if shutil.which("sha256sum") is None:
        sys.exit("sha256sum (coreutils) is the peer and is not on PATH")
    cli = shutil.which("hksh-packager", path=str(Path(sys.executable).parent)) or "hksh-packager"
    work = Path(tempfile.mkdtemp(prefix="hksh-batch-", dir=args.workdir))
    try:
        print(f"packing {args.bundles} bundles of about {args.mb} MB in {work} ...", flush=True)
        intake, trust = make_intake(work, args.bundles, args.mb)
        bundles = sorted(intake.glob("*.zip"))
        megabytes = sum(p.stat().st_size for p in bundles) / 1e6
        subprocess.run(["cat", *map(str, bundles)], stdout=subprocess.DEVNULL, check=True)
        ours, peer = [], []
        for _ in range(args.runs):
            seconds, output = run([cli, "verify", str(intake), "--trust", str(trust), "--json"])
            document = json.loads(output)
            if not document["all_accepted"] or len(document["bundles"]) != len(bundles):
                sys.exit(f"our verify did not accept every bundle: {document['summary']}")
            ours.append(seconds)
            peer.append(run(["sha256sum", *map(str, bundles)])[0])
        # The largest process waited for: our parent or one of its workers.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 1e6
        ours_s, peer_s = statistics.median(ours), statistics.median(peer)
        print(f"intake: {len(bundles)} bundles, {megabytes:,.0f} MB; cores: {os.cpu_count()}; "
              f"median of {args.runs} paired runs")  # fmt: skip
        for name, seconds in (("our batch verify", ours_s), ("sha256sum", peer_s)):
            print(f"  {name:18s} {seconds:7.2f} s {len(bundles) / seconds:8.1f} bundles/s "
                  f"{megabytes / seconds:8.1f} MB/s")  # fmt: skip
        ratio = peer_s / ours_s
        ok_speed, ok_memory = ratio >= 1.5, peak_mb < 300
        print(f"throughput ours / sha256sum: {ratio:5.2f}  (target >= 1.50) "
              f"{'ok' if ok_speed else 'MISSED'}")  # fmt: skip
        print(f"peak RSS of the largest process: {peak_mb:.0f} MB  (target < 300) "
              f"{'ok' if ok_memory else 'MISSED'}")  # fmt: skip
        return 0 if ok_speed and ok_memory else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
