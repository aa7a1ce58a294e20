"""The wheel the build produces gives, inside real Pyodide, CPython's results byte for byte."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.boundary import evaluate_json
from tests.scenarios import generated_scenarios

pytestmark = pytest.mark.pyodide

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))
RUNNER = ROOT / "tests" / "pyodide" / "evaluate.mjs"


def scenario_texts() -> list[str]:
    """Golden scenarios, generated ones, and a few raw texts that are not JSON at all."""
    documents = [json.loads(path.read_text("utf-8"))["scenario"] for path in GOLDEN]
    documents += generated_scenarios(200)
    texts = [json.dumps(document, ensure_ascii=False) for document in documents]
    return texts + ['{"kind": "change_plan",', "[]", '"\\ud800"', '{"today": "２０２６-11-16"}']


def test_pyodide_matches_cpython_byte_for_byte(simulator_wheel, tmp_path):
    if shutil.which("node") is None:
        pytest.fail("Node.js is required for the Pyodide parity run")
    texts = scenario_texts()
    assert len(GOLDEN) >= 40
    inputs = tmp_path / "scenarios.jsonl"
    inputs.write_text("\n".join(texts) + "\n", encoding="utf-8")
    with inputs.open("rb") as stdin:
        done = subprocess.run(["node", str(RUNNER), str(simulator_wheel)], stdin=stdin,
                              capture_output=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    in_pyodide = done.stdout.decode("utf-8").splitlines()
    in_cpython = [evaluate_json(text) for text in texts]
    assert len(in_pyodide) == len(in_cpython)
    mismatches = [i for i, (a, b) in enumerate(zip(in_pyodide, in_cpython)) if a != b]
    assert mismatches == [], f"first mismatch: {texts[mismatches[0]]}"
