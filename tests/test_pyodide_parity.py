"""The wheel the build produces gives, inside real Pyodide, CPython's results byte for byte."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.boundary import evaluate_json
from simulator.catalog import load_catalog
from tests.hooks import load_hook
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


def in_pyodide(wheel: Path | None, texts: list[str], tmp_path: Path, *options: str) -> list[str]:
    """Return Pyodide's answers (under Node) to `texts`, one line each (with the
    simulator installed from `wheel`, or restored as `options` say)."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is required for the Pyodide parity run")
    inputs = tmp_path / "scenarios.jsonl"
    inputs.write_text("\n".join(texts) + "\n", encoding="utf-8")
    with inputs.open("rb") as stdin:
        wheel_argument = [] if wheel is None else [str(wheel)]
        done = subprocess.run(["node", "--expose-gc", str(RUNNER), *wheel_argument, *options],
                              stdin=stdin, capture_output=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return done.stdout.decode("utf-8").splitlines()


def assert_same_answers(texts: list[str], in_pyodide: list[str]) -> None:
    in_cpython = [evaluate_json(text) for text in texts]
    assert len(in_pyodide) == len(in_cpython)
    mismatches = [i for i, (a, b) in enumerate(zip(in_pyodide, in_cpython)) if a != b]
    assert mismatches == [], f"first mismatch: {texts[mismatches[0]]}"


def test_pyodide_matches_cpython_byte_for_byte(simulator_wheel, tmp_path):
    texts = scenario_texts()
    assert len(GOLDEN) >= 40
    assert_same_answers(texts, in_pyodide(simulator_wheel, texts, tmp_path))


def panel_texts() -> list[str]:
    """The parity texts, and every golden scenario in every locale."""
    documents = [json.loads(path.read_text("utf-8"))["scenario"] for path in GOLDEN]
    return scenario_texts() + [json.dumps({**document, "locale": locale}, ensure_ascii=False)
                               for document in documents for locale in load_catalog().locales]


def test_the_panels_runtime_matches_cpython_byte_for_byte(tmp_path):
    """The panel's own library holds only what the build saw the panel import: every
    golden scenario, in every locale, must still be answered exactly as in CPython."""
    hook = load_hook("try_it_assets")
    wheel = hook.build_wheel()
    runtime = hook.panel_runtime(wheel)
    paths = {name: tmp_path / name for name in ("simulator.whl", "stdlib.zip", "bytecode.zip")}
    for (name, path), data in zip(paths.items(), (wheel, runtime.stdlib, runtime.bytecode)):
        path.write_bytes(data)
    texts = panel_texts()
    answers = in_pyodide(paths["simulator.whl"], texts, tmp_path, "--site-runtime",
                         str(paths["stdlib.zip"]), str(paths["bytecode.zip"]))
    assert_same_answers(texts, answers)


def snapshot_files(tmp_path: Path) -> list[str]:
    """The build's snapshot (metadata, pages) and an empty standard library, as files."""
    hook = load_hook("try_it_assets")
    runtime = hook.panel_runtime(hook.build_wheel())
    meta, pages = tmp_path / "snapshot.json", tmp_path / "snapshot.bin"
    empty_stdlib = tmp_path / "empty.zip"
    meta.write_text(runtime.snapshot_meta, "utf-8")
    pages.write_bytes(runtime.snapshot_pages)
    empty_stdlib.write_bytes(hook.empty_zip())
    return [str(meta), str(pages), str(empty_stdlib)]


def test_the_panels_snapshot_matches_cpython_byte_for_byte(tmp_path):
    """Restored from the build's memory snapshot, with no standard library and no
    wheel on its file system (as a panel starts), Pyodide answers every golden
    scenario in every locale exactly as CPython: the snapshot holds all it needs."""
    texts = panel_texts()
    answers = in_pyodide(None, texts, tmp_path, "--snapshot", *snapshot_files(tmp_path))
    assert_same_answers(texts, answers)


def test_a_restored_runtime_lets_the_snapshots_pages_go(tmp_path):
    """Pyodide keeps its start options for the worker's life; the 9 MB of pages that
    the restore wrote into the heap must not stay reachable through them (the runner
    fails if they do)."""
    texts = scenario_texts()[:1]
    answers = in_pyodide(None, texts, tmp_path, "--snapshot", *snapshot_files(tmp_path),
                         "--pages-released")
    assert_same_answers(texts, answers)
