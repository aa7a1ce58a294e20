"""Write `.br` and `.gz` beside each large text or wasm file of the built site.

Static hosts serve them to browsers that accept them, with no compression work
per request and at a quality no host compresses at on the fly (brotli 11): the
panel's runtime goes from about 24 MB to about 6 MB on the wire.

Compressing Pyodide at brotli 11 takes most of a minute, so each result is kept
in .cache/ by the content's hash: a build compresses only what changed. Writers'
previews (`mkdocs serve`) skip this step.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
from pathlib import Path

import brotli
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "compressed"
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".zip", ".bin", ".svg",
                ".xml", ".txt", ".map"}
# Below a packet's size compression saves no round trip; under a tenth smaller it
# is not worth the host's negotiation.
MIN_SIZE = 1400
MIN_SAVING = 0.10
ENCODINGS = {
    "br": lambda data: brotli.compress(data, quality=11, lgwin=24),
    "gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),  # mtime: same bytes
}

_serving = False


def on_startup(command, **_):
    global _serving
    _serving = command == "serve"


def compressed(data: bytes, encoding: str) -> bytes:
    """Return `data` compressed, from the cache when the same bytes were compressed before."""
    cached = CACHE / f"{hashlib.sha256(data).hexdigest()}.{encoding}"
    if cached.exists():
        return cached.read_bytes()
    CACHE.mkdir(parents=True, exist_ok=True)
    # Parallel builds (the tests' workers) wait for one another instead of all compressing.
    with open(cached.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cached.exists():
            partial = cached.with_suffix(f".{encoding}.partial")
            partial.write_bytes(ENCODINGS[encoding](data))
            partial.replace(cached)
    return cached.read_bytes()


def precompress(path: Path) -> None:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        packed = compressed(data, encoding)
        target = path.with_name(f"{path.name}.{encoding}")
        if len(packed) <= len(data) * (1 - MIN_SAVING):
            target.write_bytes(packed)
        else:
            target.unlink(missing_ok=True)


@event_priority(-200)  # after the i18n plugin (-100) has built every language
def on_post_build(config, **_):
    i18n = config.plugins.get("i18n")
    if _serving or (i18n is not None and i18n.building):  # once, when the site is complete
        return
    files = [path for path in Path(config.site_dir).rglob("*")
             if path.suffix in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_SIZE]
    for path in files:
        precompress(path)
