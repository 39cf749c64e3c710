"""Mutation run of the verifier's and the intake's rules: each mutant breaks one rule on purpose
(a check skipped, a boundary moved, a choice made on the wrong field); the policy tests must
fail on every one. A mutant they pass is a survivor: a rule no test holds.

    .venv/bin/python .ci/mutants.py            every mutant (about 20 s each on two cores)
    .venv/bin/python .ci/mutants.py intake     those whose name holds "intake"

Each mutant is applied to a copy of desktop/ in a temporary folder, whose tests run with that copy
first on the import path; the checkout is never changed. Exit status 1 when any survives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = "hksh_packager/core/"
# The policy tests: the verifier, the rules, trust, the intake and the archive's one view.
TESTS = [
    "tests/core/verify",
    "tests/core/workflows/test_receipt.py",
    "tests/core/submission",
    "tests/core/signing/test_trust.py",
    "tests/core/signing/test_trust_store.py",
    "tests/core/workflows/test_verify_many.py",
]


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str  # under desktop/hksh_packager/core/
    old: str  # found exactly once
    new: str


MUTANTS = [
    # The bundled validation report against submission.json's datasets.
    Mutant("report-omits-a-dataset", "verify/dataset_checks.py",
           "for name in sorted(set(declared) - set(entries)):", "for name in sorted(set()):"),
    Mutant("report-has-an-extra-dataset", "verify/dataset_checks.py",
           "for name in sorted(set(entries) - set(declared)):", "for name in sorted(set()):"),
    Mutant("invalid-data-without-allow-invalid", "verify/dataset_checks.py",
           "    if not allow_invalid:\n", "    if False:\n"),
    Mutant("any-allow-invalid-value", "verify/verifier.py",
           'info.first("HKSH-Allow-Invalid") == "yes"',
           'info.first("HKSH-Allow-Invalid") is not None'),
    # bag-info.txt
    Mutant("unknown-bundle-format", "verify/bag_checks.py",
           "if version and version != bag.FORMAT_VERSION:", "if False:"),
    Mutant("bundle-format-not-required", "verify/bag_checks.py",
           '"HKSH-Team-Id", "HKSH-Bundle-Format"):', '"HKSH-Team-Id"):'),
    Mutant("identifier-not-the-folder", "verify/bag_checks.py",
           "if identifier and identifier != state.bag_name:", "if False:"),
    Mutant("a-field-given-twice", "verify/bag_checks.py",
           "if len(info.fields.get(label, [])) > 1:", "if len(info.fields.get(label, [])) > 2:"),
    Mutant("bad-bagging-date", "verify/profile_checks.py",
           'state.problem(Check.BAG_INFO, bag.BAG_INFO, f"Bagging-Date {packed!r} is not a date")',
           "pass"),
    # The challenge's rules.
    Mutant("bundle-size-boundary", "verify/profile_checks.py",
           "if limit is not None and bundle_size > limit:",
           "if limit is not None and bundle_size > limit + 1:"),
    Mutant("deadline-day", "submission/profile.py",
           "return deadline is not None and bagging_date > deadline.date()",
           "return deadline is not None and bagging_date >= deadline.date()"),
    Mutant("material-count-boundary", "submission/profile.py",
           'if count > rule.get("max_count", count):',
           'if count > rule.get("max_count", count) + 1:'),
    Mutant("required-material", "submission/profile.py",
           'if rule["required"] and not count:', "if False:"),
    Mutant("material-extension", "submission/profile.py",
           'if _suffix(attachment["file"]) not in kind_rule["extensions"]:', "if False:"),
    Mutant("material-size-boundary", "submission/profile.py",
           "        limit = kind_rule.get(\"max_bytes\")\n        if limit and sizes.get(member, 0) > limit:",
           "        limit = kind_rule.get(\"max_bytes\")\n        if limit and sizes.get(member, 0) > limit + 1:"),
    Mutant("dataset-size-boundary", "submission/profile.py",
           "        member = bundle_member(\"datasets\", entry[\"file\"])\n        if limit and sizes.get(member, 0) > limit:",
           "        member = bundle_member(\"datasets\", entry[\"file\"])\n        if limit and sizes.get(member, 0) > limit + 1:"),
    Mutant("unknown-material-kind", "submission/profile.py",
           "        if kind_rule is None:\n            issues.append(",
           "        if kind_rule is None:\n            continue\n            issues.append("),
    # submission.json against the bag.
    Mutant("named-file-missing", "verify/submission_checks.py",
           "if expected not in state.members:", "if False:"),
    Mutant("team-differs-from-bag-info", "verify/submission_checks.py",
           "if info.first(label) and value != info.first(label):", "if False:"),
    Mutant("unnamed-payload-file", "verify/submission_checks.py",
           "    _unnamed_payload(state, document)\n", "\n"),
    # The signature and the trust list.
    Mutant("comment-names-another-team", "verify/signature_checks.py",
           "if fields.get(key) != info.first(label):", "if False:"),
    Mutant("declared-key-id-differs", "verify/signature_checks.py",
           "if declared and declared != state.public_key.id_hex:", "if False:"),
    Mutant("signed-in-the-future", "verify/signature_checks.py",
           "CLOCK_AHEAD_SECONDS = 86_400", "CLOCK_AHEAD_SECONDS = 86_400 * 3650"),
    Mutant("revoked-key-trusted", "verify/signature_checks.py",
           "    if entry.revoked is not None:\n", "    if False:\n"),
    Mutant("key-of-another-team", "verify/signature_checks.py",
           "    if claimed != entry.team_id:\n", "    if False:\n"),
    Mutant("key-listed-for-two-teams", "verify/signature_checks.py",
           "    if len(teams) > 1:\n", "    if len(teams) > 2:\n"),
    Mutant("relabelled-key-not-the-same", "signing/trust.py",
           "if entry.public_key.key == key.key)", "if entry.public_key == key)"),
    # The intake.
    Mutant("intake-latest-by-name", "verify/intake.py",
           "key=lambda i: (reports[i].signed_at or -1, _name(reports[i])))",
           "key=lambda i: _name(reports[i]))"),
    Mutant("intake-duplicate-as-superseded", "verify/intake.py",
           "if reports[index].content_id == other.content_id:", "if False:"),
    Mutant("intake-same-second-finding", "verify/intake.py",
           "if same_second and standings[index] != Standing.DUPLICATE:", "if False:"),
    Mutant("intake-later-rejected-finding", "verify/intake.py",
           "and report.signed_at > (reports[latest].signed_at or -1)",
           "and report.signed_at > 10**15"),
    Mutant("intake-shared-key-not-blocked", "verify/intake.py",
           '"ask both teams which key is theirs"\n            )\n            blocked.add(index)\n',
           '"ask both teams which key is theirs"\n            )\n'),
    Mutant("intake-shared-key-finding", "verify/intake.py",
           "        if len(teams) < 2:\n            continue\n        decided",
           "        if len(teams) < 3:\n            continue\n        decided"),
    Mutant("intake-shared-content-finding", "verify/intake.py",
           "if len({reports[i].team_id for i in indexes}) < 2:",
           "if len({reports[i].team_id for i in indexes}) < 3:"),
    Mutant("intake-untrusted-accepted-with-a-list", "workflows/verify.py",
           "        return report.verdict == Verdict.VALID\n",
           "        return report.verdict in (Verdict.VALID, Verdict.VALID_UNTRUSTED_KEY)\n"),
    # The archive's one view.
    Mutant("folder-local-header-not-compared", "verify/zipview.py",
           "        mismatched, _ = local_header_mismatch(handle, info)\n",
           "        mismatched = []\n"),
    Mutant("version-6.3-accepted", "verify/zipview.py",
           "VERSIONS = (10, 20, 45)", "VERSIONS = (10, 20, 45, 63)"),
    Mutant("vms-version-suffix-accepted", "common/portable_names.py",
           'VERSION_SUFFIX = re.compile(r";[0-9]*$")', 'VERSION_SUFFIX = re.compile(r"(?!)")'),
    Mutant("names-not-folded", "common/portable_names.py",
           'return unicodedata.normalize("NFC", name).casefold()', "return name"),
    Mutant("pack-keeps-a-bundle-its-verifier-refuses", "workflows/receipt.py",
           "    if report.verdict == Verdict.INVALID:\n", "    if False:\n"),
    Mutant("zip-bomb-ratio-boundary", "verify/safezip.py",
           "if ratio > limits.max_ratio:", "if ratio > limits.max_ratio * 2:"),
]  # fmt: skip


def apply(mutant: Mutant, code: Path) -> None:
    path = code / CORE / mutant.file
    text = path.read_text(encoding="utf-8")
    if text.count(mutant.old) != 1:
        raise LookupError(f"the text to change is not in {mutant.file} once")
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")


def survives(mutant: Mutant, scratch: Path) -> tuple[bool, float]:
    # The copy stands where the checkout's code does, beside schemas/ and resources/, which the
    # code finds there as it does in a checkout.
    tree = scratch / mutant.name
    code = tree / "desktop"
    shutil.copytree(
        ROOT / "desktop", code, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for shipped in ("schemas", "resources"):
        (tree / shipped).symlink_to(ROOT / shipped, target_is_directory=True)
    apply(mutant, code)
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1",
           "HKSH_MUTANT_CODE": str(code)}  # fmt: skip
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow",
         *TESTS],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    return run.returncode == 0, time.monotonic() - started


def main(argv: list[str]) -> int:
    chosen = [m for m in MUTANTS if not argv or any(a in m.name for a in argv)]
    survivors = []
    with tempfile.TemporaryDirectory(prefix="hksh-mutants-") as scratch:
        for mutant in chosen:
            try:
                alive, seconds = survives(mutant, Path(scratch))
            except LookupError as exc:  # the code moved: the mutant must be written again
                print(f"STALE     {mutant.name}: {exc}", flush=True)
                survivors.append(mutant.name)
                continue
            print(f"{'SURVIVED' if alive else 'killed  '}  {mutant.name}  ({seconds:.0f} s)",
                  flush=True)  # fmt: skip
            if alive:
                survivors.append(mutant.name)
    print(f"{len(chosen) - len(survivors)} of {len(chosen)} mutants killed")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
