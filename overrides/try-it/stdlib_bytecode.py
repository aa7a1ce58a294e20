"""Byte-compile, inside Pyodide, the standard-library modules the panel needs, and the simulator.

Runs at build time in Pyodide under Node (build-runtime.mjs), never in a reader's
browser. Pyodide ships the standard library as sources, so every start compiles
each module it imports; compiled here by the same CPython (so the bytecode
matches), those modules load as they are.

NOTE: the panel's library holds only the modules the panel imported here, as
bytecode, and the library's data files: a quarter of the bytes to fetch, decode
and index at every start. The scenarios below take the simulator through each
path that imports anything, in every locale; the Pyodide parity test
replays the golden scenarios on this very library, so a module it lacks fails
the tests, not a reader.

NOTE: the zip is stored, not deflated: the site serves it brotli-compressed, which
makes it smaller on the wire than a deflated zip, and the browser, not Python,
decompresses it.
"""

from __future__ import annotations

import importlib._bootstrap_external as bootstrap
import importlib.util
import io
import json
import sys
import zipfile
from pathlib import Path

STDLIB = next(path for path in sys.path if path.endswith(".zip"))


def panel_scenarios(locales: list[str]) -> list[str]:
    """Return scenarios that take the simulator through its imports: three kinds (the
    others import nothing more), every locale, an invalid value and invalid JSON."""
    account = {"type": "online", "role": "billing_contact"}
    plan = {"product": "gotomeeting", "tier": "pro", "seats": 10, "frequency": "monthly",
            "unit_price": "10.00", "currency": "USD", "period_start": "2026-11-01",
            "status": "active"}
    change_plan = {"kind": "change_plan", "today": "2026-11-16", "account": account,
                   "subscription": plan, "change": {"tier": "plus", "unit_price": "20.00"}}
    others = [
        {"kind": "find_billing_contact", "today": "2026-11-16", "signed_in_to": "admin_center",
         "saw": "select_product"},
        {"kind": "route_request", "today": "2026-11-16", "request": "pay_invoice",
         "account": {"type": "corporate", "role": "billing_contact"}},
        {"kind": "change_plan", "today": "2026-13-01"},
    ]
    texts = [json.dumps({**change_plan, "locale": locale}) for locale in locales]
    return texts + [json.dumps(scenario) for scenario in others] + ['{"kind": ']


def exercise_panel() -> list[str]:
    """Import the simulator and answer a scenario per kind and locale, as the panel does;
    return the scenarios."""
    from simulator.boundary import evaluate_json
    from simulator.catalog import load_catalog

    scenarios = panel_scenarios(list(load_catalog().locales))
    for text in scenarios:
        evaluate_json(text)
    return scenarios


def used_sources() -> set[str]:
    """Return the standard-library files of the modules imported so far."""
    files = (getattr(module, "__file__", None) or "" for module in list(sys.modules.values()))
    return {name for name in files if name.startswith(STDLIB + "/") and name.endswith(".py")}


def stored(info: zipfile.ZipInfo, name: str | None = None) -> zipfile.ZipInfo:
    """Return a stored entry dated like the source's, so the zip is the same every build."""
    entry = zipfile.ZipInfo(name or info.filename, date_time=info.date_time)
    entry.compress_type = zipfile.ZIP_STORED
    entry.external_attr = info.external_attr
    return entry


def bytecode_stdlib(used: set[str]) -> tuple[bytes, int]:
    """Return the panel's standard library zip: the `used` modules compiled, and their count.

    Each module is `module.pyc` alone, which zipimport loads without a source.
    The bytecode is unchecked-hash based: valid whatever the entries' dates say.
    Data files (not Python) stay, whoever reads them.
    """
    buffer = io.BytesIO()
    compiled = 0
    with zipfile.ZipFile(STDLIB) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            path = f"{STDLIB}/{info.filename}"
            if path in used:
                data = source.read(info)
                code = compile(data, path, "exec", dont_inherit=True)
                pyc = bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(data),
                                                  checked=False)
                target.writestr(stored(info, info.filename + "c"), bytes(pyc))
                compiled += 1
            elif not info.filename.endswith(".py"):
                target.writestr(stored(info), source.read(info))
    return buffer.getvalue(), compiled


def simulator_bytecode() -> bytes:
    """Return the simulator's `__pycache__`, as a zip to unpack over the installed wheel.

    The wheel stays a standard one, sources only; this saves the browser compiling
    them. The bytecode is checked-hash based: were it ever out of step with the
    sources, Python would compile them instead of running stale code.
    """
    import simulator

    package = Path(simulator.__file__).parent
    site_packages = package.parent
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for source in sorted(package.rglob("*.py")):
            data = source.read_bytes()
            code = compile(data, str(source), "exec", dont_inherit=True)
            pyc = bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=True)
            name = Path(importlib.util.cache_from_source(str(source))).relative_to(site_packages)
            entry = zipfile.ZipInfo(name.as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            target.writestr(entry, bytes(pyc))
    return buffer.getvalue()


def build() -> tuple[bytes, bytes, list[str]]:
    """Return the standard library zip, the simulator's bytecode zip, and the scenarios
    that took the simulator through its imports (the snapshot replays them)."""
    scenarios = exercise_panel()
    data, compiled = bytecode_stdlib(used_sources())
    print(f"{compiled} standard-library modules byte-compiled", file=sys.stderr)
    return data, simulator_bytecode(), scenarios
