"""Pack and verify about 1 GiB of mixed payload; compare with `zip -r -6` and openssl sha256.

Half the payload is random bytes named as archives (stored, as they cannot compress), half CSV text
(deflated). Each step runs in its own process so its peak RSS is its own. Prints MB/s, the ratios
against the peers measured in this same run, and the targets:
  pack   <= 0.5 x the time of `zip -r -6` of the same files
  verify <= 3   x the time of `openssl dgst -sha256` of the same files
  peak RSS of pack and of verify < 150 MB
Verify here checks integrity and signature (revalidate=False): re-validating datasets is a
different workload, measured by bench_validate.py.

    python benchmarks/bench_bundle.py [--size-mib 1024] [--workdir DIR] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES_PER_KIND = 4

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
mode, project, bundle = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
from hksh_packager.core.signing.minisign import SecretKey
if mode == "validate":
    import pickle
    from hksh_packager.core.validation.project import validate_project
    from hksh_packager.core.submission.project import load_project
    start = time.perf_counter()
    Path(sys.argv[5]).write_bytes(pickle.dumps(validate_project(load_project(project))))
    verdict = "validated"
elif mode == "pack":
    import pickle
    from hksh_packager.core.bundle.pack import pack_project
    from hksh_packager.core.submission.project import load_project
    from hksh_packager.core.submission.profile import load_profile_file
    validation = pickle.loads(Path(sys.argv[5]).read_bytes())
    profile = load_profile_file(project.parent / "bench-profile.json")
    start = time.perf_counter()
    pack_project(load_project(project), bundle, SecretKey(b"benchkey", bytes(32)),
                 epoch=1700000000, validation=validation, profile=profile)
    verdict = "packed"
else:
    from hksh_packager.core.submission.profile import load_profile_file
    from hksh_packager.core.verify.verifier import verify_bundle
    profile = load_profile_file(project.parent / "bench-profile.json")
    start = time.perf_counter()
    report = verify_bundle(bundle, revalidate=False, profile=profile)
    verdict = str(report.verdict)
    if report.problems:
        print(report.problems[:5], file=sys.stderr)
elapsed = time.perf_counter() - start
# VmHWM is this process's own peak; ru_maxrss would include the parent's size at fork time.
try:
    status = Path("/proc/self/status").read_text()
    rss_kib = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
except (OSError, StopIteration):
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "rss_mb": rss_kib * 1024 / 1e6, "verdict": verdict}))
"""


def csv_block(rng: random.Random, rows: int) -> bytes:
    districts = [
        "中西區",
        "灣仔區",
        "東區",
        "南區",
        "油尖旺區",
        "深水埗區",
        "九龍城區",
        "黃浦区",
        "徐汇区",
        "长宁区",
        "静安区",
        "普陀区",
        "虹口区",
        "杨浦区",
        "浦东新区",
    ]
    lines = []
    for index in range(rows):
        lines.append(
            f"{index},{rng.choice(districts)},ST{rng.randrange(1000):03d},"
            f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d},{rng.randrange(24)},"
            f"{rng.uniform(0, 500):.2f},{rng.random():.6f},"
            f"{rng.choice(['晴', '多雲', '有驟雨', '雷暴', '阴', '小雨'])}\n"
        )
    return "".join(lines).encode("utf-8")


def make_payload(folder: Path, size_mib: int) -> Path:
    project = folder / "project"
    (project / "media").mkdir(parents=True)
    (project / "data").mkdir()
    per_file = (size_mib // 2 // FILES_PER_KIND) << 20
    rng = random.Random(42)
    # Unique text to draw from: 16 blocks of varied rows, combined in random order per file.
    blocks = [csv_block(rng, 30_000) for _ in range(16)]
    attachments = []
    for number in range(FILES_PER_KIND):
        blob = project / "media" / f"demo-{number}.zip"  # incompressible, as video is
        with blob.open("wb") as handle:
            for _ in range(per_file >> 20):
                handle.write(os.urandom(1 << 20))
        attachments.append({"file": f"media/{blob.name}", "kind": "source"})
        table = project / "data" / f"readings-{number}.csv"
        with table.open("wb") as handle:
            handle.write(b"id,district,station,date,hour,value,score,weather\n")
            written = 0
            while written < per_file:
                block = rng.choice(blocks)
                handle.write(block)
                written += len(block)
        attachments.append({"file": f"data/{table.name}", "kind": "other"})
    # The sample's two small datasets keep the bundle a real submission (validated, reported);
    # the big CSV files ride as attachments, so this measures packing and integrity checking.
    sample = json.loads((ROOT / "resources" / "sample" / "submission.json").read_text("utf-8"))
    shutil.copytree(ROOT / "resources" / "sample" / "docs", project / "docs")
    for dataset in sample["datasets"]:
        shutil.copy(ROOT / "resources" / "sample" / dataset["file"], project / dataset["file"])
    sample["attachments"] += attachments
    # The challenge's own rules cap attachment sizes and counts; a benchmark profile lifts them.
    rules = json.loads((ROOT / "schemas" / "profiles" / "hksh-2023.json").read_text("utf-8"))
    rules["id"] = "benchmark"
    for stage in rules["stages"]:
        for material in stage["materials"]:
            material.pop("max_bytes", None)
            material.pop("max_count", None)
    (folder / "bench-profile.json").write_text(json.dumps(rules), "utf-8")
    (project / "submission.json").write_text(json.dumps(sample, ensure_ascii=False), "utf-8")
    return project


def timed(command: list[str], **kwargs) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def child(mode: str, project: Path, bundle: Path, extra: str = "") -> dict:  # type: ignore[type-arg]
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), mode, str(project), str(bundle), extra],
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        sys.exit(f"the {mode} step failed:\n{result.stderr}")
    return json.loads(result.stdout)


def payload_files(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    for tool in ("zip", "openssl"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed as the peer: apt-get install {tool}")
    work = Path(tempfile.mkdtemp(prefix="hksh-bench-", dir=args.workdir))
    try:
        print(f"generating {args.size_mib} MiB of payload in {work} ...", flush=True)
        project = make_payload(work, args.size_mib)
        files = payload_files(project)
        total = sum(p.stat().st_size for p in files)
        mb = total / 1e6
        # Warm the page cache equally for everyone.
        timed(["cat", *map(str, files)])
        bundle = work / "bundle.zip"
        # Dataset validation (which loads pandas) is its own step, in its own process; the pack
        # child measures writing the bundle, the workload compared with zip.
        validation = work / "validation.pickle"
        ours_validate = child("validate", project, bundle, str(validation))
        ours_pack = child("pack", project, bundle, str(validation))
        ours_verify = child("verify", project, bundle)
        assert ours_verify["verdict"] == "valid-untrusted-key", ours_verify
        openssl = timed(["openssl", "dgst", "-sha256", *map(str, files)])
        zip_seconds = timed(["zip", "-q", "-r", "-6", str(work / "peer.zip"), "."], cwd=project)
        pack_ratio = ours_pack["seconds"] / zip_seconds
        verify_ratio = ours_verify["seconds"] / openssl
        print(f"payload: {len(files)} files, {mb:,.0f} MB; cores: {os.cpu_count()}")
        print(f"bundle: {bundle.stat().st_size / 1e6:,.0f} MB; "
              f"zip -6: {(work / 'peer.zip').stat().st_size / 1e6:,.0f} MB")  # fmt: skip
        rows = [
            ("our pack", ours_pack["seconds"], ours_pack["rss_mb"]),
            ("zip -r -6", zip_seconds, None),
            ("our verify", ours_verify["seconds"], ours_verify["rss_mb"]),
            ("openssl dgst -sha256", openssl, None),
        ]
        for name, seconds, rss in rows:
            rss_text = f"{rss:7.1f} MB peak RSS" if rss is not None else ""
            print(f"  {name:22s} {seconds:7.2f} s {mb / seconds:9.1f} MB/s  {rss_text}")
        ok_pack, ok_verify = pack_ratio <= 0.5, verify_ratio <= 3.0
        ok_rss = max(ours_pack["rss_mb"], ours_verify["rss_mb"]) < 150
        print(f"pack / zip -r -6 time:        {pack_ratio:5.2f}  (target <= 0.50) "
              f"{'ok' if ok_pack else 'MISSED'}")  # fmt: skip
        print(f"verify / openssl sha256 time: {verify_ratio:5.2f}  (target <= 3.00) "
              f"{'ok' if ok_verify else 'MISSED'}")  # fmt: skip
        step = ours_validate
        print(f"(dataset validation before packing, not compared with zip: "
              f"{step['seconds']:.2f} s, {step['rss_mb']:.0f} MB peak RSS)")  # fmt: skip
        print(f"peak RSS pack {ours_pack['rss_mb']:.0f} MB, verify {ours_verify['rss_mb']:.0f} MB"
              f"  (target < 150) {'ok' if ok_rss else 'MISSED'}")  # fmt: skip
        return 0 if ok_pack and ok_verify and ok_rss else 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
