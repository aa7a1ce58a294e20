"""The build's and the writers' preview's speed: nothing here changes what is built.

Templates: mkdocs-static-i18n builds each language in turn, and each build makes
new Jinja environments (`theme.get_env()`): every template was compiled again for
every language, and the theme's 14,000 files (Material's icons, mostly) were
listed again to find its static files. That was most of a build, and of every
rebuild under `mkdocs serve`. Every environment of a build now shares one
bytecode cache (in memory, and in .cache/ for the next build; keyed by the
template and checked against its source, so an edited template is compiled
again) and one listing of the theme's files. The listing skips hidden folders
(Material's `.icons`), which MkDocs never copies to the site; it is made again by
the next build, so a file added to the theme under `mkdocs serve` is seen at the
next rebuild.

Preview: `mkdocs serve` looks for changed files by polling every 0.5 s (polling
works on every file system; change notifications do not), and the command has no
option for it. Polling this project's few hundred files every 0.1 s costs
nothing, and takes a quarter of a second, on average, off every rebuild a writer
waits for. NOTE: last in mkdocs.yml's `hooks:`, so that the folders the other
hooks add to the watch are polled too.

Both fit no area of their own and share a purpose: a module that can be left out
without changing a byte of the site.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import CodeType

from jinja2 import FileSystemBytecodeCache, FileSystemLoader
from jinja2.bccache import Bucket
from watchdog.observers.polling import PollingObserver

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "jinja"
POLLING_SECONDS = 0.1


class TemplateBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, with those already read kept in memory."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory))
        self.loaded: dict[tuple[str, str], CodeType] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.loaded.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code
            return
        super().load_bytecode(bucket)
        if bucket.code is not None:
            self.loaded[(bucket.key, bucket.checksum)] = bucket.code

    def dump_bytecode(self, bucket: Bucket) -> None:
        super().dump_bytecode(bucket)
        self.loaded[(bucket.key, bucket.checksum)] = bucket.code


class ThemeLoader(FileSystemLoader):
    """Jinja's file loader, listing the theme's files once and without hidden folders."""

    def __init__(self, searchpath: list[str]) -> None:
        super().__init__(searchpath)
        self.listed: list[str] | None = None

    def list_templates(self) -> list[str]:
        if self.listed is None:
            found = set()
            for folder in self.searchpath:
                for path, folders, names in os.walk(folder, followlinks=True):
                    folders[:] = [name for name in folders if not name.startswith(".")]
                    relative = os.path.relpath(path, folder).replace(os.sep, "/")
                    prefix = "" if relative == "." else f"{relative}/"
                    found.update(prefix + name for name in names)
            self.listed = sorted(found)
        return self.listed


BYTECODE_CACHE = TemplateBytecodeCache(CACHE)


def on_config(config, **_):
    """Give every environment of this build the shared cache and listing.

    The i18n plugin runs this once per language on the same theme, and may add a
    folder to the theme's search path in between: one loader per search path.
    """
    theme = config.theme
    if getattr(theme.get_env, "is_shared", False):
        return config
    make_env = theme.get_env
    loaders: dict[tuple[str, ...], ThemeLoader] = {}

    def get_env():
        env = make_env()
        key = tuple(theme.dirs)
        env.loader = loaders.setdefault(key, ThemeLoader(list(key)))
        env.bytecode_cache = BYTECODE_CACHE
        return env

    get_env.is_shared = True
    theme.get_env = get_env
    return config


def on_serve(server, config, builder, **_):
    watched = list(server._watched_paths)
    for path in watched:
        server.unwatch(path)
    # NOTE: the server's own observer, replaced before the server starts it.
    server.observer = PollingObserver(timeout=POLLING_SECONDS)
    for path in watched:
        server.watch(path)
    return server
