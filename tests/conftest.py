"""Shared fixtures: the simulator wheel as the site and the browser get it, and what the
workers of one test run share (with pytest-xdist, `pytest -n auto`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Tell each xdist worker which process the run is: what outlives a worker ends with it."""
    node.workerinput["run_pid"] = os.getpid()


@pytest.fixture(scope="session")
def run_pid(request: pytest.FixtureRequest) -> int:
    """Return the process of the whole test run: xdist's controller, or this one."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["run_pid"] if workerinput else os.getpid()


@pytest.fixture(scope="session")
def run_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder shared by every worker of this run, and by this run alone.

    A worker's base temporary folder is `<the run's>/popen-gw<n>`.
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(request.config, "workerinput") else base


@pytest.fixture(scope="session")
def simulator_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the simulator wheel once per run, exactly as a release would."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    return wheel
