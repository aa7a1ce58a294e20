"""Ship the "Try it" panel's runtime with the site: the simulator wheel, Pyodide, the panel JS.

Every file name carries a content hash (Pyodide's its version), so a new release
never mixes with a cached old one, and the built folder can be cached for a year.
`mkdocs serve` rebuilds the wheel when `simulator/` changes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).resolve().parents[2]
PANEL_SOURCES = ROOT / "overrides" / "try-it"
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# The whole core that loadPyodide() fetches with a local indexURL and lock file.
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                "pyodide-lock.json")
ASSETS = "assets/try-it"


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


def make_bundle() -> Bundle:
    """Return the panel's files with their hashed names filled in where they refer to each other."""
    wheel = build_wheel()
    wheel_name = f"simulator.{short_hash(wheel)}.whl"
    pyodide_dir = f"pyodide-{pyodide_version()}"
    worker = (PANEL_SOURCES / "worker.js").read_text("utf-8")
    worker = worker.replace("__PYODIDE_DIR__", pyodide_dir).replace("__WHEEL__", wheel_name)
    worker_name = f"worker.{short_hash(worker.encode())}.js"
    panel = (PANEL_SOURCES / "panel.js").read_text("utf-8").replace("__WORKER__", worker_name)
    panel_name = f"panel.{short_hash(panel.encode())}.js"
    files = {wheel_name: wheel, worker_name: worker.encode(), panel_name: panel.encode()}
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
        (target / name).write_bytes(data)
    pyodide_target = target / _bundle.pyodide_dir
    if not pyodide_target.exists():  # versioned: the same version is the same files
        pyodide_target.mkdir()
        for name in PYODIDE_CORE:
            shutil.copyfile(PYODIDE_PACKAGE / name, pyodide_target / name)
