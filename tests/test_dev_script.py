"""dev.py runs under the system's Python, before the virtual environment has any package: what
it imports from the project must need nothing but the standard library (CI once failed on an
`import psycopg` at the top of tests/support/pgcluster.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_system_package_step_needs_only_the_standard_library():
    # -S leaves site-packages (the venv's packages) off sys.path, as on a fresh machine.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import dev; "
        "from tests.support.pgcluster import find_bin; find_bin(); print('imported'); "
        "import psycopg"
    )
    run = subprocess.run(
        [sys.executable, "-S", "-c", script, str(ROOT)], capture_output=True, text=True, check=False
    )
    assert run.stdout == "imported\n", run.stderr
    # The last import fails: site-packages really was left out.
    assert "No module named 'psycopg'" in run.stderr, run.stderr
