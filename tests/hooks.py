"""The site build's hooks, loaded for a test: they are files MkDocs loads, not a package."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HOOKS = Path(__file__).resolve().parent.parent / "overrides" / "hooks"


def load_hook(name: str) -> ModuleType:
    """Return the hook `overrides/hooks/<name>.py` as a module, loaded as MkDocs loads it
    (with its folder on the import path, for the hooks beside it that it imports)."""
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look themselves up there
    sys.path.insert(0, str(HOOKS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(HOOKS))
    return module
