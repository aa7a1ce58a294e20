"""Pyodide's JavaScript runtime as the site ships it: npm's, with two patches (try_it_assets.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests.hooks import load_hook

ROOT = Path(__file__).resolve().parent.parent
STARTED = ROOT / "tests" / "pyodide" / "started.mjs"
hook = load_hook("try_it_assets")


def npm_runtime() -> str:
    return (hook.PYODIDE_PACKAGE / "pyodide.asm.mjs").read_text("utf-8")


def test_the_patches_apply_once_to_npms_runtime():
    source = npm_runtime()
    patched = hook.patched_runtime(source)
    assert len(hook.RUNTIME_PATCHES) == 2
    for patch in hook.RUNTIME_PATCHES:
        assert patched.count(patch.replacement) == 1
        assert patched.count(patch.original) == 0
    # Nothing else changes.
    for patch in hook.RUNTIME_PATCHES:
        patched = patched.replace(patch.replacement, patch.original)
    assert patched == source


@pytest.mark.parametrize(("source", "found"), [
    (lambda npm: hook.patched_runtime(npm), "updateGOT is there 0 times"),  # patched twice
    (lambda npm: npm + hook.UPDATE_GOT, "updateGOT is there 2 times"),
    (lambda npm: npm.replace("wasmTable[\"grow\"](1)", "wasmTable.grow(1)"),
     "getEmptyTableSlot is there 0 times"),
    (lambda npm: npm.replace('eval_code("{}")', 'eval_code("dict()")'),
     "finalizeBootstrap is there 0 times"),
], ids=["already patched", "twice", "changed", "bootstrap changed"])
def test_a_runtime_the_patches_were_not_written_for_is_refused(source, found):
    with pytest.raises(hook.RuntimePatchError, match=found):
        hook.patched_runtime(source(npm_runtime()))


def test_the_build_stops_with_the_reason(tmp_path, monkeypatch):
    """Another Pyodide whose runtime the patches do not fit stops the build, saying why."""
    (tmp_path / "pyodide.asm.mjs").write_text("var updateGOT=(exports)=>{};", "utf-8")
    monkeypatch.setattr(hook, "PYODIDE_PACKAGE", tmp_path)
    with pytest.raises(PluginError, match=r"review the patches for this Pyodide"):
        hook.pyodide_runtime()


def started(tmp_path: Path, runtime: bytes | None) -> dict:
    """Return what Pyodide started into under Node on `runtime` (npm's if None)."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to start Pyodide")
    arguments = []
    if runtime is not None:
        path = tmp_path / "pyodide.asm.mjs"
        path.write_bytes(runtime)
        arguments = [str(path)]
    done = subprocess.run(["node", str(STARTED), *arguments], capture_output=True, cwd=ROOT,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def stock_and_patched(tmp_path_factory) -> tuple[dict, dict]:
    """Pyodide started on npm's runtime and on the site's, once for the tests below."""
    tmp_path = tmp_path_factory.mktemp("runtime")
    return started(tmp_path, None), started(tmp_path, hook.pyodide_runtime())


@pytest.mark.pyodide
def test_the_patched_runtime_lays_out_the_same_table_in_far_fewer_grows(stock_and_patched):
    """The table, entry by entry, is npm's runtime's (the snapshot's function pointers
    point into it), made in a few dozen grows instead of thousands; every symbol of
    the global offset table has the same value (a function, the same slot)."""
    stock, patched = stock_and_patched
    assert patched["length"] == stock["length"]
    assert patched["entries"] == stock["entries"]
    assert len(stock["got"]) > 6000
    assert patched["got"] == stock["got"]
    assert stock["grows"] > 5000
    assert patched["grows"] < stock["grows"] / 20


@pytest.mark.pyodide
def test_the_patched_bootstrap_sets_up_what_npms_does(stock_and_patched):
    """Without running Python source: the same namespace of Pyodide's own, the same
    modules, and runPython's globals are __main__'s, over builtins."""
    stock, patched = stock_and_patched
    assert patched["bootstrap"] == stock["bootstrap"] == {
        "platform": "emscripten",
        "internalNamespace": ["dict", True, False],
        "modules": ["importlib", "sys", "os"],
        "globals": ["__main__", 42, "<built-in function len>"],
    }
