"""Ship the "Try it" panel's runtime with the site: the simulator wheel, Pyodide, the panel JS.

Every file name carries a content hash (Pyodide's its version), so a new release
never mixes with a cached old one, and the built folder can be cached for a year.
`mkdocs serve` rebuilds the wheel when `simulator/` changes.

Of Pyodide's core the site serves the runtime (pyodide.mjs, pyodide.asm.mjs and
.wasm) and, instead of its standard library of sources, one whose modules the
panel imports are byte-compiled by Pyodide itself (try-it/build-stdlib.mjs):
most of a stock start is CPython compiling those sources. The simulator's own
bytecode comes beside its wheel, for the same reason. The worker is given the
lock file's facts inline, so that file is not fetched either.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
PANEL_SOURCES = ROOT / "overrides" / "try-it"
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# What the worker loads from the site: the runtime. The standard library is built.
PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
ASSETS = "assets/try-it"
CACHE = ROOT / ".cache" / "try-it"


@dataclass(frozen=True)
class Bundle:
    """The hashed files of one build, by their name in the site (under ASSETS)."""

    files: dict[str, bytes]
    panel: str  # the module the pages load
    pyodide_dir: str  # "pyodide-<version>", beside the panel files


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def build_wheel() -> bytes:
    """Return the simulator wheel, built exactly as `python -m build --wheel` builds it."""
    with tempfile.TemporaryDirectory() as out:
        builder = WheelBuilder(str(ROOT))
        (path,) = list(builder.build(directory=out, versions=["standard"]))
        return Path(path).read_bytes()


def pyodide_version() -> str:
    return json.loads((PYODIDE_PACKAGE / "package.json").read_text("utf-8"))["version"]


def lock_info() -> dict:
    """Return the `info` of Pyodide's lock file: all the worker needs of it (no packages)."""
    return json.loads((PYODIDE_PACKAGE / "pyodide-lock.json").read_text("utf-8"))["info"]


def bytecode_archives(wheel: bytes) -> tuple[bytes, bytes]:
    """Return the standard library with the panel's modules byte-compiled, and the
    simulator's bytecode: built once per input.

    Their inputs are Pyodide's own library, the wheel and the build scripts; the
    results are kept in .cache/ by their hash. A lock makes parallel builds (the
    tests' workers) wait for one another instead of building them twice.
    """
    digest = hashlib.sha256(wheel)
    for path in (PYODIDE_PACKAGE / "python_stdlib.zip", PANEL_SOURCES / "build-stdlib.mjs",
                 PANEL_SOURCES / "stdlib_bytecode.py"):
        digest.update(path.read_bytes())
    key = digest.hexdigest()[:16]
    stdlib, bytecode = CACHE / f"python_stdlib.{key}.zip", CACHE / f"simulator-bytecode.{key}.zip"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "stdlib.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (stdlib.exists() and bytecode.exists()):
            with tempfile.TemporaryDirectory() as tmp:
                wheel_path = Path(tmp, "simulator.whl")
                wheel_path.write_bytes(wheel)
                outputs = [Path(tmp, "stdlib.zip"), Path(tmp, "bytecode.zip")]
                done = subprocess.run(
                    ["node", str(PANEL_SOURCES / "build-stdlib.mjs"), str(wheel_path),
                     *map(str, outputs)],
                    cwd=ROOT, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise PluginError(f"byte-compiling the panel's Python failed:\n"
                                      f"{done.stderr[-2000:]}")
                for stale in [*CACHE.glob("python_stdlib.*.zip"),
                              *CACHE.glob("simulator-bytecode.*.zip")]:
                    stale.unlink()  # an older build's: nothing reads it any more
                shutil.move(outputs[1], bytecode)
                shutil.move(outputs[0], stdlib)
    return stdlib.read_bytes(), bytecode.read_bytes()


def site_packages() -> str:
    """Return where Pyodide installs wheels: /lib/python3.X/site-packages."""
    major, minor, *_ = lock_info()["python"].split(".")
    return f"/lib/python{major}.{minor}/site-packages"


def make_bundle() -> Bundle:
    """Return the panel's files with their hashed names filled in where they refer to each other."""
    wheel = build_wheel()
    wheel_name = f"simulator.{short_hash(wheel)}.whl"
    pyodide_dir = f"pyodide-{pyodide_version()}"
    stdlib, bytecode = bytecode_archives(wheel)
    stdlib_name = f"python_stdlib.{short_hash(stdlib)}.zip"
    bytecode_name = f"simulator-bytecode.{short_hash(bytecode)}.zip"
    worker = (PANEL_SOURCES / "worker.js").read_text("utf-8")
    for placeholder, value in (("__PYODIDE_DIR__", pyodide_dir), ("__WHEEL__", wheel_name),
                               ("__STDLIB__", stdlib_name), ("__BYTECODE__", bytecode_name),
                               ("__SITE_PACKAGES__", site_packages()),
                               ("__LOCK_INFO__", json.dumps(lock_info(), sort_keys=True))):
        worker = worker.replace(placeholder, value)
    worker_name = f"worker.{short_hash(worker.encode())}.js"
    panel = (PANEL_SOURCES / "panel.js").read_text("utf-8").replace("__WORKER__", worker_name)
    panel_name = f"panel.{short_hash(panel.encode())}.js"
    files = {wheel_name: wheel, bytecode_name: bytecode, worker_name: worker.encode(),
             panel_name: panel.encode(), stdlib_name: stdlib}
    return Bundle(files=files, panel=panel_name, pyodide_dir=pyodide_dir)


def sources_fingerprint() -> str:
    """Return a digest of everything the bundle is made from."""
    digest = hashlib.sha256()
    for folder in (ROOT / "simulator", PANEL_SOURCES):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


_bundle: Bundle | None = None
_bundle_fingerprint = ""


def on_config(config, **_):
    """Make the bundle (again only if its sources changed: the i18n plugin builds each
    language in turn); pages learn the panel's hashed name from `extra`."""
    global _bundle, _bundle_fingerprint
    fingerprint = sources_fingerprint()
    if _bundle is None or fingerprint != _bundle_fingerprint:
        _bundle, _bundle_fingerprint = make_bundle(), fingerprint
    config.extra["try_it_panel"] = f"{ASSETS}/{_bundle.panel}"
    return config


def on_files(files, config, **_):
    """Leave out the panel's sources: the site gets them hashed, placeholders filled in."""
    for file in [f for f in files if f.src_uri.startswith("try-it/")]:
        files.remove(file)
    return files


def on_serve(server, config, builder, **_):
    """Writers' preview: a change to the rules rebuilds the wheel and reloads the page."""
    server.watch(str(ROOT / "simulator"))
    server.watch(str(PANEL_SOURCES))
    return server


def on_post_build(config, **_):
    assert _bundle is not None
    target = Path(config.site_dir) / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name, data in _bundle.files.items():
        if name.startswith("python_stdlib."):
            name = f"{_bundle.pyodide_dir}/{name}"
            (target / _bundle.pyodide_dir).mkdir(exist_ok=True)
        (target / name).write_bytes(data)
    for name in PYODIDE_RUNTIME:  # versioned: the same version is the same files
        if not (target / _bundle.pyodide_dir / name).exists():
            shutil.copyfile(PYODIDE_PACKAGE / name, target / _bundle.pyodide_dir / name)
