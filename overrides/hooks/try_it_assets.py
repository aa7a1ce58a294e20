"""Ship the "Try it" panel's files with the site: its browser code, Pyodide and the simulator.

The panel's browser code (overrides/try-it/*.js, plain ES modules importing one
another by relative names) ships as it is, in one folder named by its content,
`assets/try-it/bundle.<hash>/`, with `runtime.js`, which the build writes: what
the worker needs to know of the build (its files' names, the snapshot's metadata,
Pyodide's lock facts), as data. Beside that folder: npm's Pyodide files that the
worker loads (pyodide.mjs and pyodide.asm.wasm), unchanged, in a folder of its
version; Pyodide's JavaScript runtime, patched (`patched_runtime` below), and the
panel's Python, each file named by its content. Instead of a standard library to
start Python on, the site serves a memory snapshot of Python started with the
simulator imported (try-it/build-runtime.mjs and snapshot.js): most of a stock
start is CPython compiling and running the standard library's modules. Should a
browser not restore the snapshot, the panel starts Python from scratch on a
standard library of just the modules it imports, byte-compiled by Pyodide
itself, with the simulator's own bytecode beside its wheel.

A new release never mixes with a cached old one, and every file can be cached
for a year. `mkdocs serve` rebuilds the bundle when `simulator/` or the panel's
sources change.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "overrides" / "try-it"  # every .js there is a browser module of the bundle
ASSETS = "assets/try-it"
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# What the worker loads of Pyodide's package as it comes. Its JavaScript runtime,
# pyodide.asm.mjs, ships patched (patched_runtime); the standard library is built.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.wasm")
CACHE = ROOT / ".cache" / "try-it"
# A module's static imports of its siblings: `import … from "./name.js";`.
STATIC_IMPORT = re.compile(r'^import\b[^;]*?"\./([\w-]+\.js)";', re.MULTILINE)


@dataclass(frozen=True)
class Bundle:
    """The panel's files of one build, by their path under ASSETS."""

    files: dict[str, bytes]
    folder: str  # "bundle.<hash>": the browser modules, runtime.js among them
    pyodide_dir: str  # "pyodide-<version>"

    @property
    def panel(self) -> str:
        return f"{self.folder}/panel.js"  # what the pages load

    @property
    def panel_imports(self) -> list[str]:
        """What panel.js imports, directly or not: the pages fetch them beside it
        (modulepreload), not each only once the module that imports it has arrived."""
        found, queue = [], [self.panel]
        while queue:
            source = self.files[queue.pop(0)].decode("utf-8")
            for name in STATIC_IMPORT.findall(source):
                path = f"{self.folder}/{name}"
                if path not in found:
                    found.append(path)
                    queue.append(path)
        return found

    @property
    def worker(self) -> str:
        return f"{self.folder}/worker.js"  # a link to a panel starts it from the page's head


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


def site_packages() -> str:
    """Return where Pyodide installs wheels: /lib/python3.X/site-packages."""
    major, minor, *_ = lock_info()["python"].split(".")
    return f"/lib/python{major}.{minor}/site-packages"


# Emscripten's updateGOT adds each of the runtime's ~6,400 exported functions to the
# function table with a Table.grow(1) of its own, and WebKit's JavaScriptCore copies
# the whole table at each grow: nearly half a second of every start there (30 ms in
# Firefox). The patched runtime grows the table once, by the slots the loop is about
# to take (beyond the free ones it takes first), and hands them out in the order
# Table.grow(1) would have: the same table, the same function pointers, which the
# memory snapshot holds. The build's runtime preparation (build-runtime.mjs, which
# makes the snapshot) and the worker run the same patched module.
UPDATE_GOT = (
    'var updateGOT=(exports,replace)=>{for(var symName in exports){if(isInternalSym(symName))'
    '{continue}var value=exports[symName];var existingEntry=GOT[symName]&&GOT[symName].value!=-1;'
    'if(replace||!existingEntry){var newValue;if(typeof value=="function"){newValue=addFunction('
    'value)}else if(typeof value.value=="number"){newValue=value}else{continue}GOT[symName]??=new '
    'WebAssembly.Global({value:"i32",mutable:true});GOT[symName].value=newValue}}};')
EMPTY_TABLE_SLOT = ('var getEmptyTableSlot=()=>{if(freeTableIndexes.length){return '
                    'freeTableIndexes.pop()}return wasmTable["grow"](1)};')
RESERVE_TABLE_SLOTS = (
    "var updateGOT=(exports,replace)=>{reserveTableSlots(exports,replace);"
    + UPDATE_GOT.removeprefix("var updateGOT=(exports,replace)=>{")
    # The functions the loop below adds (each once), as its own tests pick them.
    + "var reserveTableSlots=(exports,replace)=>{var adding=new Set;"
    "for(var symName in exports){if(isInternalSym(symName)){continue}"
    "var value=exports[symName];var existingEntry=GOT[symName]&&GOT[symName].value!=-1;"
    'if((replace||!existingEntry)&&typeof value=="function"&&!getFunctionAddress(value))'
    "{adding.add(value)}}"
    "var count=adding.size-freeTableIndexes.length;if(count<=0){return}"
    # getEmptyTableSlot pops the free slots first, then these, lowest first.
    'var first=wasmTable["grow"](count);var slots=[];'
    "for(var slot=first+count-1;slot>=first;slot--){slots.push(slot)}"
    "freeTableIndexes.unshift(...slots)};")


# Pyodide's finalizeBootstrap gets four Python objects (a namespace of its own,
# importlib, and the dicts of __main__ and builtins) by running Python source, each
# through eval_code: Python code that tokenizes, parses, compiles and rewrites the
# source's tree. After the snapshot's restore that is most of what Python runs before
# the simulator answers, and JavaScriptCore runs it in its wasm interpreter tier,
# before its compilers take over: ~45 ms of WebKit's start (~3 ms in Firefox). The
# patched bootstrap gets the same objects by calling Python instead: dict(),
# import_module(), vars(), through the module that eval_code lives in.
BOOTSTRAP_BY_SOURCE = (
    'API.runPythonInternal_dict=API._pyodide._base.eval_code("{}"),API.importlib=API.'
    'runPythonInternal("import importlib; importlib");let o=API.importlib.import_module;'
    'API.sys=o("sys"),API.os=o("os");let i=API.runPythonInternal("import __main__; '
    '__main__.__dict__"),s=API.runPythonInternal("import builtins; builtins.__dict__");')
BOOTSTRAP_BY_CALLS = (
    "API.runPythonInternal_dict=API._pyodide._base.builtins.dict(),"
    'API.importlib=API._pyodide._base.import_module("importlib");let o=API.importlib.import_module;'
    'API.sys=o("sys"),API.os=o("os");let i=API._pyodide._base.builtins.vars(o("__main__")),'
    's=API._pyodide._base.builtins.vars(o("builtins"));')


@dataclass(frozen=True)
class RuntimePatch:
    """Code of npm's pyodide.asm.mjs, found once, and what replaces it."""

    name: str  # what the code is, for the build's error
    original: str
    replacement: str


RUNTIME_PATCHES = (RuntimePatch("Emscripten's updateGOT", UPDATE_GOT, RESERVE_TABLE_SLOTS),
                   RuntimePatch("Pyodide's finalizeBootstrap", BOOTSTRAP_BY_SOURCE,
                                BOOTSTRAP_BY_CALLS))
# Code a patch relies on, left as it is: the table patch hands out slots through it.
RELIED_ON = (("Emscripten's getEmptyTableSlot", EMPTY_TABLE_SLOT),)


class RuntimePatchError(Exception):
    """npm's pyodide.asm.mjs is not the one the patches were written for."""


def patched_runtime(source: str) -> str:
    """Return Pyodide's JavaScript runtime (pyodide.asm.mjs) with RUNTIME_PATCHES: its
    function table grown once per module instead of once per function, and its
    bootstrap running no Python source.

    Raises RuntimePatchError unless each piece of code the patches replace or rely on
    is there exactly once, as written: another Pyodide must be looked at again.
    """
    relied_on = [*((patch.name, patch.original) for patch in RUNTIME_PATCHES), *RELIED_ON]
    for name, code in relied_on:
        found = source.count(code)
        if found != 1:
            raise RuntimePatchError(
                f"pyodide.asm.mjs: {name} is there {found} times, not once as the runtime's "
                "patches expect (overrides/hooks/try_it_assets.py, RUNTIME_PATCHES): review "
                "the patches for this Pyodide, or drop them")
    for patch in RUNTIME_PATCHES:
        source = source.replace(patch.original, patch.replacement)
    return source


def pyodide_runtime() -> bytes:
    """Return npm's pyodide.asm.mjs, patched; the build stops with the reason if it cannot be."""
    try:
        return patched_runtime((PYODIDE_PACKAGE / "pyodide.asm.mjs").read_text("utf-8")).encode()
    except RuntimePatchError as error:
        raise PluginError(str(error)) from None


@dataclass(frozen=True)
class Runtime:
    """The panel's Python, prepared at build time by Pyodide itself (build-runtime.mjs)."""

    stdlib: bytes  # the standard library's modules the panel imports, byte-compiled
    bytecode: bytes  # the simulator's own modules, byte-compiled
    snapshot_meta: str  # what the snapshot's pages are (JSON, snapshot.js): runtime.js holds it
    snapshot_pages: bytes  # Python started, the simulator imported and exercised


def panel_runtime(wheel: bytes, runtime: bytes) -> Runtime:
    """Return the panel's runtime files for `wheel`, prepared on the JavaScript runtime
    `runtime` (pyodide_runtime()): built once per input.

    Their inputs are Pyodide's package, the wheel, the runtime and the build scripts;
    the results are kept in .cache/ by their hash. A lock makes parallel builds (the
    tests' workers) wait for one another instead of building them twice.
    """
    digest = hashlib.sha256(wheel)
    digest.update(runtime)
    for path in (PYODIDE_PACKAGE / "python_stdlib.zip", PYODIDE_PACKAGE / "pyodide.asm.wasm",
                 SOURCES / "build-runtime.mjs", SOURCES / "snapshot.js",
                 SOURCES / "stdlib_bytecode.py"):
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
                runtime_path = Path(tmp, "pyodide.asm.mjs")
                runtime_path.write_bytes(runtime)
                outputs = [Path(tmp, name) for name in names]
                done = subprocess.run(
                    ["node", str(SOURCES / "build-runtime.mjs"), str(runtime_path),
                     str(wheel_path), *map(str, outputs)],
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


def make_bundle() -> Bundle:
    """Return the panel's files: the browser modules in a folder named by their content,
    with runtime.js, which names the runtime's files, each named by its own content.

    NOTE: the runtime's files are beside the folder, not in it: a change to the
    browser code alone leaves their names, so a returning reader's cache keeps them.
    """
    wheel = build_wheel()
    pyodide = pyodide_runtime()
    runtime = panel_runtime(wheel, pyodide)
    files: dict[str, bytes] = {}

    def beside(stem: str, suffix: str, data: bytes) -> str:
        name = f"{stem}.{short_hash(data)}{suffix}"
        files[name] = data
        return f"../{name}"  # relative to runtime.js, in the bundle's folder

    pyodide_dir = f"pyodide-{pyodide_version()}"
    facts = {  # what the worker needs to know of this build (worker.js reads it)
        "pyodide": f"../{pyodide_dir}/",
        "runtime": beside("pyodide.asm", ".mjs", pyodide),
        "snapshot_pages": beside("python-snapshot", ".bin", runtime.snapshot_pages),
        "empty_stdlib": beside("empty-stdlib", ".zip", empty_zip()),
        "stdlib": beside("python_stdlib", ".zip", runtime.stdlib),
        "wheel": beside("simulator", ".whl", wheel),
        "bytecode": beside("simulator-bytecode", ".zip", runtime.bytecode),
        "site_packages": site_packages(),
        "lock_info": lock_info(),
        "snapshot": json.loads(runtime.snapshot_meta),
    }
    modules = {path.name: path.read_bytes() for path in sorted(SOURCES.glob("*.js"))}
    modules["runtime.js"] = (
        "// Written by the site build (overrides/hooks/try_it_assets.py): what the worker needs\n"
        "// to know of the build. Paths are relative to this module.\n"
        f"export default {json.dumps(facts, separators=(',', ':'))};\n").encode()
    digest = hashlib.sha256()
    for name, data in sorted(modules.items()):
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    folder = f"bundle.{digest.hexdigest()[:12]}"
    files.update({f"{folder}/{name}": data for name, data in modules.items()})
    return Bundle(files=files, folder=folder, pyodide_dir=pyodide_dir)


def sources_fingerprint() -> str:
    """Return a digest of everything the bundle is made from."""
    digest = hashlib.sha256()
    for folder in (ROOT / "simulator", SOURCES):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def write_bundle(bundle: Bundle, site: Path) -> None:
    """Write the bundle and npm's Pyodide files under ASSETS.

    Every name is content-addressed (Pyodide's by its version): a file already
    there, from this build's other languages, holds the same bytes.
    """
    target = site / ASSETS
    for name, data in bundle.files.items():
        path = target / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for name in PYODIDE_FILES:
        path = target / bundle.pyodide_dir / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(PYODIDE_PACKAGE / name, path)


_bundle: Bundle | None = None
_bundle_fingerprint = ""


# ---------------------------------------------------------------------------
# Event handlers


def on_config(config, **_):
    """Make the bundle (again only if its sources changed: the i18n plugin builds each
    language in turn); pages learn its hashed names from `extra`."""
    global _bundle, _bundle_fingerprint
    fingerprint = sources_fingerprint()
    if _bundle is None or fingerprint != _bundle_fingerprint:
        _bundle, _bundle_fingerprint = make_bundle(), fingerprint
    config.extra["try_it_panel"] = f"{ASSETS}/{_bundle.panel}"
    config.extra["try_it_worker"] = f"{ASSETS}/{_bundle.worker}"
    config.extra["try_it_panel_imports"] = [f"{ASSETS}/{path}" for path in _bundle.panel_imports]
    return config


def on_files(files, config, **_):
    """Leave out the panel's sources: the site gets them as the bundle."""
    for file in [f for f in files if f.src_uri.startswith("try-it/")]:
        files.remove(file)
    return files


def on_serve(server, config, builder, **_):
    """Writers' preview: a change to the rules or to the panel rebuilds the bundle."""
    server.watch(str(ROOT / "simulator"))
    server.watch(str(SOURCES))
    return server


def on_post_build(config, **_):
    assert _bundle is not None
    write_bundle(_bundle, Path(config.site_dir))
