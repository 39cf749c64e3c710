"""What a command loads before it runs: `--help` and argument errors load none of the data,
schema or crypto stacks (each costs a tenth of a second or more to import)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


LOADED = """
import json, sys
from pathlib import Path
%s
print(json.dumps(sorted(m for m in sys.modules
                        if m.split(".")[0] in ("pandas", "charset_normalizer")
                        or m in ("numpy.ma", "pyarrow.compute"))))
"""


def _heavy_loaded(code: str) -> list[str]:
    """The pandas modules, numpy.ma (10 ms, imported by pyarrow's numpy conversion and numpy's
    unique), pyarrow.compute (45 ms: it writes a wrapper and its documentation for each of
    Arrow's compute functions) and charset_normalizer (13 ms, for text that is not UTF-8) that
    running `code` loads."""
    result = subprocess.run(
        [sys.executable, "-c", LOADED % code], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_validating_and_verifying_do_not_load_pandas(
    tmp_path: Path, sample_bundle: Path, sample_dir: Path
) -> None:
    """pandas alone takes about 0.2 s to import: a dataset is read and checked with arrow and
    numpy (Arrow's kernels called without pyarrow.compute's wrappers). Only the careful CSV
    reader (an odd encoding, a broken file) loads it."""
    catalogue = Path(__file__).parents[1] / "data" / "catalogue"
    files = [
        sample_dir / "data" / "latest_1min_temperature.csv",
        catalogue / "hk.ctb.routes" / "valid.json",
        catalogue / "hk.epd.aqhi-past-24h" / "valid.xml",
        *catalogue.glob("*/valid.geojson"),
    ]
    validate = "from hksh_packager.cli import main\n" + "".join(
        # In this process (no time limit, no worker), where sys.modules shows what it loaded.
        f"try:\n    main(['validate', {str(path)!r}, '--max-seconds', '0'])\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        for path in files
    )
    assert _heavy_loaded(validate) == []
    infer = f"from hksh_packager.cli import main\nmain(['catalogue', 'infer', {str(files[0])!r}])\n"
    assert "pandas" not in _heavy_loaded(infer)
    verify = (
        "from hksh_packager.core.verify.verifier import verify_bundle\n"
        f"report = verify_bundle(Path({str(sample_bundle)!r}))\n"
        "assert report.verdict.name == 'VALID_UNTRUSTED_KEY', report.verdict\n"
        "assert report.revalidation.name == 'PASSED', report.revalidation\n"
    )
    assert _heavy_loaded(verify) == []
    # The careful reader does load it (an encoding pyarrow cannot split into pieces), and works.
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,city\nJosé,Zürich\n".encode("cp1252"))
    careful = (
        "from hksh_packager.core.datasets.csv_reader import open_csv\n"
        f"table = open_csv(Path({str(latin)!r}), encoding='cp1252')\n"
        "assert [c.row_lists() for c in table.chunks()] == [[['José', 'Zürich']]]\n"
    )
    assert _heavy_loaded(careful) != []


THREADS = """
import psutil, sys
exec(sys.argv[1])
print(psutil.Process().num_threads())
"""


def _threads_after(code: str, env: dict[str, str]) -> int:
    result = subprocess.run(
        [sys.executable, "-c", THREADS, code], capture_output=True, text=True, check=True, env=env
    )
    return int(result.stdout.strip().splitlines()[-1])


def test_numpy_starts_no_idle_threads_in_this_program() -> None:
    """OpenBLAS, loaded with numpy, starts a thread per core that spins waiting for matrix work,
    taking a core from Arrow's threads; this program does no linear algebra, so none start."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if (os.cpu_count() or 1) > 1:  # the peer: numpy alone starts them where there are cores
        assert _threads_after("import numpy", env) > 1
    assert _threads_after("import hksh_packager, numpy", env) == 1
