"""Pyodide's JavaScript runtime as the site ships it: npm's, with one patch (try_it_assets.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests.hooks import load_hook

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "pyodide" / "table.mjs"
hook = load_hook("try_it_assets")


def npm_runtime() -> str:
    return (hook.PYODIDE_PACKAGE / "pyodide.asm.mjs").read_text("utf-8")


def test_the_patch_applies_once_to_npms_runtime():
    source = npm_runtime()
    patched = hook.patched_runtime(source)
    assert patched.count("reserveTableSlots(exports,replace);") == 1
    assert len(patched) > len(source)
    # Nothing but updateGOT changes.
    assert patched.replace(hook.RESERVE_TABLE_SLOTS, hook.UPDATE_GOT) == source


@pytest.mark.parametrize(("source", "found"), [
    (lambda npm: hook.patched_runtime(npm), "updateGOT is there 0 times"),  # patched twice
    (lambda npm: npm + hook.UPDATE_GOT, "updateGOT is there 2 times"),
    (lambda npm: npm.replace("wasmTable[\"grow\"](1)", "wasmTable.grow(1)"),
     "getEmptyTableSlot is there 0 times"),
], ids=["already patched", "twice", "changed"])
def test_a_runtime_the_patch_was_not_written_for_is_refused(source, found):
    with pytest.raises(hook.RuntimePatchError, match=found):
        hook.patched_runtime(source(npm_runtime()))


def test_the_build_stops_with_the_reason(tmp_path, monkeypatch):
    """Another Pyodide whose runtime the patch does not fit stops the build, saying why."""
    (tmp_path / "pyodide.asm.mjs").write_text("var updateGOT=(exports)=>{};", "utf-8")
    monkeypatch.setattr(hook, "PYODIDE_PACKAGE", tmp_path)
    with pytest.raises(PluginError, match=r"review the patch for this Pyodide"):
        hook.pyodide_runtime()


def function_table(tmp_path: Path, runtime: bytes | None) -> dict:
    """Return Pyodide's function table once started under Node on `runtime` (npm's if None)."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to start Pyodide")
    arguments = []
    if runtime is not None:
        path = tmp_path / "pyodide.asm.mjs"
        path.write_bytes(runtime)
        arguments = [str(path)]
    done = subprocess.run(["node", str(TABLE), *arguments], capture_output=True, cwd=ROOT,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return json.loads(done.stdout)


@pytest.mark.pyodide
def test_the_patched_runtime_lays_out_the_same_table_in_far_fewer_grows(tmp_path):
    """The table, entry by entry, is npm's runtime's (the snapshot's function pointers
    point into it), made in a few dozen grows instead of thousands."""
    stock = function_table(tmp_path, None)
    patched = function_table(tmp_path, hook.pyodide_runtime())
    assert patched["length"] == stock["length"]
    assert patched["entries"] == stock["entries"]
    assert stock["grows"] > 5000
    assert patched["grows"] < stock["grows"] / 20
