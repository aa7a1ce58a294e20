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


def run_in_pyodide(wheel: Path | None, texts: list[str], tmp_path: Path,
                   *options: str) -> subprocess.CompletedProcess:
    """Run the texts through Pyodide under Node (with the simulator installed from
    `wheel`, or restored as `options` say); return the finished runner."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is required for the Pyodide parity run")
    inputs = tmp_path / "scenarios.jsonl"
    inputs.write_text("\n".join(texts) + "\n", encoding="utf-8")
    with inputs.open("rb") as stdin:
        wheel_argument = [] if wheel is None else [str(wheel)]
        return subprocess.run(["node", "--expose-gc", str(RUNNER), *wheel_argument, *options],
                              stdin=stdin, capture_output=True, cwd=ROOT, timeout=300,
                              check=False)


def answers_of(done: subprocess.CompletedProcess) -> list[str]:
    return done.stdout.decode("utf-8").splitlines()


def in_pyodide(wheel: Path | None, texts: list[str], tmp_path: Path, *options: str) -> list[str]:
    """Return Pyodide's answers (under Node) to `texts`, one line each (with the
    simulator installed from `wheel`, or restored as `options` say)."""
    done = run_in_pyodide(wheel, texts, tmp_path, *options)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return answers_of(done)


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


@pytest.fixture(scope="session")
def panel_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The panel's files as the build makes them, made once per session: Pyodide's
    JavaScript runtime as the site ships it, the wheel, its standard library and
    bytecode, the snapshot (metadata, pages), an empty standard library."""
    hook = load_hook("try_it_assets")
    wheel = hook.build_wheel()
    pyodide = hook.pyodide_runtime()
    runtime = hook.panel_runtime(wheel, pyodide)
    folder = tmp_path_factory.mktemp("panel-files")
    files = {"runtime.mjs": pyodide, "simulator.whl": wheel, "stdlib.zip": runtime.stdlib,
             "bytecode.zip": runtime.bytecode, "snapshot.json": runtime.snapshot_meta.encode(),
             "snapshot.bin": runtime.snapshot_pages, "empty.zip": hook.empty_zip()}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


def test_the_panels_runtime_matches_cpython_byte_for_byte(panel_files, tmp_path):
    """The panel's own library holds only what the build saw the panel import: every
    golden scenario, in every locale, must still be answered exactly as in CPython."""
    texts = panel_texts()
    answers = in_pyodide(panel_files["simulator.whl"], texts, tmp_path, "--site-runtime",
                         str(panel_files["stdlib.zip"]), str(panel_files["bytecode.zip"]),
                         "--runtime", str(panel_files["runtime.mjs"]))
    assert_same_answers(texts, answers)


PAGES_KEPT = b"the snapshot's pages are still reachable after the restore\n"


@pytest.fixture(scope="session")
def restored_run(panel_files, tmp_path_factory) -> subprocess.CompletedProcess:
    """Pyodide restored from the build's snapshot, as a panel starts, answering every
    panel text, then checking that the snapshot's pages were let go (one start for both
    tests below)."""
    snapshot = [str(panel_files[name]) for name in ("snapshot.json", "snapshot.bin", "empty.zip")]
    return run_in_pyodide(None, panel_texts(), tmp_path_factory.mktemp("restored"),
                          "--snapshot", *snapshot, "--pages-released",
                          "--runtime", str(panel_files["runtime.mjs"]))


def test_the_panels_snapshot_matches_cpython_byte_for_byte(restored_run):
    """Restored from the build's memory snapshot, with no standard library and no
    wheel on its file system (as a panel starts), Pyodide answers every golden
    scenario in every locale exactly as CPython: the snapshot holds all it needs."""
    # The runner's one other complaint is the next test's.
    assert restored_run.returncode == 0 or restored_run.stderr == PAGES_KEPT, (
        restored_run.stderr.decode()[-2000:])
    assert_same_answers(panel_texts(), answers_of(restored_run))


def test_a_restored_runtime_lets_the_snapshots_pages_go(restored_run):
    """Pyodide keeps its start options for the worker's life; the 9 MB of pages that
    the restore wrote into the heap must not stay reachable through them (the runner
    fails if they do), once Python has answered."""
    assert restored_run.returncode == 0, restored_run.stderr.decode()[-2000:]
    texts = scenario_texts()[:1]
    assert_same_answers(texts, answers_of(restored_run)[:len(texts)])
