"""Ship the "Try it" panel's runtime with the site: the simulator wheel, Pyodide, the panel JS.

Every file name carries a content hash (Pyodide's its version), so a new release
never mixes with a cached old one, and the built folder can be cached for a year.
`mkdocs serve` rebuilds the wheel when `simulator/` changes.

Of Pyodide's core the site serves the runtime (pyodide.mjs, pyodide.asm.mjs and
.wasm) and, instead of a standard library to start Python on, a memory snapshot
of Python started with the simulator imported (try-it/build-runtime.mjs and
snapshot.js): most of a stock start is CPython compiling and running the
standard library's modules. Should a browser not restore the snapshot, the panel
starts Python from scratch on a standard library of just the modules it imports,
byte-compiled by Pyodide itself, with the simulator's own bytecode beside its
wheel. The worker is given the lock file's facts inline, so that file is not
fetched either.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
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
    worker: str  # the worker it starts (a link to a panel starts it from the page)
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


@dataclass(frozen=True)
class Runtime:
    """The panel's Python, prepared at build time by Pyodide itself (build-runtime.mjs)."""

    stdlib: bytes  # the standard library's modules the panel imports, byte-compiled
    bytecode: bytes  # the simulator's own modules, byte-compiled
    snapshot_meta: str  # what the snapshot's pages are (JSON, snapshot.js): the worker holds it
    snapshot_pages: bytes  # Python started, the simulator imported and exercised


def panel_runtime(wheel: bytes) -> Runtime:
    """Return the panel's runtime files for `wheel`: built once per input.

    Their inputs are Pyodide's package, the wheel and the build scripts; the
    results are kept in .cache/ by their hash. A lock makes parallel builds (the
    tests' workers) wait for one another instead of building them twice.
    """
    digest = hashlib.sha256(wheel)
    for path in (PYODIDE_PACKAGE / "python_stdlib.zip", PYODIDE_PACKAGE / "pyodide.asm.mjs",
                 PANEL_SOURCES / "build-runtime.mjs", PANEL_SOURCES / "snapshot.js",
                 PANEL_SOURCES / "stdlib_bytecode.py"):
        digest.update(path.read_bytes())
    key = digest.hexdigest()[:16]
    names = ("stdlib.zip", "bytecode.zip", "snapshot.json", "snapshot.bin")  # as the script takes them
    cached = [CACHE / f"{key}.{name}" for name in names]
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "runtime.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all(path.exists() for path in cached):
            with tempfile.TemporaryDirectory() as tmp:
                wheel_path = Path(tmp, "simulator.whl")
                wheel_path.write_bytes(wheel)
                outputs = [Path(tmp, name) for name in names]
                done = subprocess.run(
                    ["node", str(PANEL_SOURCES / "build-runtime.mjs"), str(wheel_path),
                     *map(str, outputs)],
                    cwd=ROOT, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise PluginError(f"preparing the panel's Python failed:\n"
                                      f"{done.stderr[-2000:]}")
                for stale in CACHE.iterdir():
                    if stale.suffix in (".json", ".bin", ".zip"):
                        stale.unlink()  # an older build's: nothing reads it any more
                for output, path in zip(outputs, cached):
                    shutil.move(output, path)
    stdlib, bytecode, meta, pages = (path.read_bytes() for path in cached)
    return Runtime(stdlib, bytecode, meta.decode("utf-8"), pages)


def empty_zip() -> bytes:
    """Return a zip archive with nothing in it: the standard library of a restored panel."""
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    return buffer.getvalue()


def site_packages() -> str:
    """Return where Pyodide installs wheels: /lib/python3.X/site-packages."""
    major, minor, *_ = lock_info()["python"].split(".")
    return f"/lib/python{major}.{minor}/site-packages"


def make_bundle() -> Bundle:
    """Return the panel's files with their hashed names filled in where they refer to each other."""
    wheel = build_wheel()
    wheel_name = f"simulator.{short_hash(wheel)}.whl"
    pyodide_dir = f"pyodide-{pyodide_version()}"
    runtime = panel_runtime(wheel)
    stdlib_name = f"python_stdlib.{short_hash(runtime.stdlib)}.zip"
    bytecode_name = f"simulator-bytecode.{short_hash(runtime.bytecode)}.zip"
    snapshot_name = f"python-snapshot.{short_hash(runtime.snapshot_pages)}.bin"
    empty_stdlib = empty_zip()
    empty_stdlib_name = f"empty-stdlib.{short_hash(empty_stdlib)}.zip"
    codec = (PANEL_SOURCES / "snapshot.js").read_bytes()
    codec_name = f"snapshot.{short_hash(codec)}.js"
    worker = (PANEL_SOURCES / "worker.js").read_text("utf-8")
    for placeholder, value in (("__PYODIDE_DIR__", pyodide_dir), ("__WHEEL__", wheel_name),
                               ("__STDLIB__", stdlib_name), ("__BYTECODE__", bytecode_name),
                               ("__SNAPSHOT__", snapshot_name), ("__SNAPSHOT_CODEC__", codec_name),
                               ("__SNAPSHOT_META__", runtime.snapshot_meta),
                               ("__EMPTY_STDLIB__", empty_stdlib_name),
                               ("__SITE_PACKAGES__", site_packages()),
                               ("__LOCK_INFO__", json.dumps(lock_info(), sort_keys=True))):
        worker = worker.replace(placeholder, value)
    worker_name = f"worker.{short_hash(worker.encode())}.js"
    formats = (PANEL_SOURCES / "formats.js").read_bytes()
    formats_name = f"formats.{short_hash(formats)}.js"
    panel = (PANEL_SOURCES / "panel.js").read_text("utf-8")
    for placeholder, value in (("__WORKER__", worker_name), ("__FORMATS__", formats_name)):
        panel = panel.replace(placeholder, value)
    panel_name = f"panel.{short_hash(panel.encode())}.js"
    files = {wheel_name: wheel, bytecode_name: runtime.bytecode, worker_name: worker.encode(),
             panel_name: panel.encode(), stdlib_name: runtime.stdlib,
             snapshot_name: runtime.snapshot_pages, empty_stdlib_name: empty_stdlib, codec_name: codec,
             formats_name: formats}
    return Bundle(files=files, panel=panel_name, worker=worker_name, pyodide_dir=pyodide_dir)


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
    config.extra["try_it_worker"] = f"{ASSETS}/{_bundle.worker}"
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
