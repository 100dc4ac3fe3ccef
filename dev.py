#!/usr/bin/env python3
"""Project commands that work on a fresh clone with only Python 3.11+.

    python3 dev.py demo [--desktop]   run the field app with demo data
    python3 dev.py test [pytest args] run the whole test suite

Each command creates (or reuses) the virtual environment in .venv and installs the project
into it when pyproject.toml has changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-pyproject-sha256"


def ensure_venv() -> None:
    """Create .venv and install the project with its dev extras, once per pyproject change."""
    if not PYTHON.exists():
        print("Tạo môi trường ảo .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    print("Cài đặt các gói phụ thuộc (một lần) …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-U", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def ensure_system_packages() -> None:
    """Install from Debian's packages what the tests need, where we can: Chromium (browser
    tests), PostgreSQL, nginx and openssl (the front of tests/deploy: deploy/nginx.conf and a
    self-signed certificate) and espeak-ng with its Vietnamese voice (the content build's
    narration)."""
    from tests.support.pgcluster import find_bin  # the tests' own way of finding initdb

    needed = (
        ("chromium", "chromium"),
        ("nginx", "nginx"),
        ("openssl", "openssl"),
        ("espeak-ng", "espeak-ng"),
    )
    missing = [
        pkg
        for pkg, exe in needed
        if not shutil.which(exe) and not Path(f"/usr/sbin/{exe}").exists()
    ]
    if find_bin() is None:
        missing.append("postgresql")
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"Cài đặt {', '.join(missing)} từ kho Debian …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        with open(ROOT / ".venv" / "apt.log", "ab") as log:
            subprocess.run(["apt-get", "update"], check=True, env=env, stdout=log, stderr=log)
            subprocess.run(
                ["apt-get", "install", "-y", "--no-install-recommends", *missing],
                check=True,
                env=env,
                stdout=log,
                stderr=log,
            )
    else:
        print(
            f"Không cài được {', '.join(missing)} (cần quyền root và apt-get); "
            "các bài kiểm thử cần chúng sẽ được bỏ qua.",
            flush=True,
        )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv()
    if command == "demo":
        return subprocess.call([str(PYTHON), "-m", "launcher", "--demo", *rest], cwd=ROOT)
    ensure_system_packages()
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
