"""What a command loads before it runs: `--help` and argument errors load none of the data,
schema or crypto stacks (each costs a tenth of a second or more to import)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ["numpy", "pandas", "pyarrow", "jsonschema", "keyring", "cryptography", "opencc", "re2",
         "openpyxl", "charset_normalizer", "multiprocessing"]  # fmt: skip

PROBE = """
import json, sys
from hksh_packager.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in %r)))
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["verify", "--help"], ["keys", "generate", "--help"], ["pack"]]
)
def test_help_and_usage_errors_load_no_heavy_library(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE % HEAVY, *args], capture_output=True, text=True, check=True
    )
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == []
