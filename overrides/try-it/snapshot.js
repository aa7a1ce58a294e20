// The panel's memory snapshot: Pyodide's heap after the simulator was imported and
// exercised, stored small.
//
// A Pyodide snapshot is a short header and the whole wasm heap (30 MB). Most of
// the heap is zeros (the stack, unused memory), and much of the part that holds
// the runtime's static data is still as the wasm module brings it. So only the
// other pages are kept, in a file of their own; what describes them (the
// metadata, Pyodide's header among it) is small, and the build writes it into
// runtime.js, beside the worker, so that the runtime can start while the pages
// download. The worker
// writes the pages straight into the heap of the runtime it has just started
// (restoreHeap), clears the zero pages, and leaves the "base" pages (the module's
// data, untouched by the runtime's start and by Python) as they are, once they
// hash to what the build saw: a runtime that starts differently refuses the
// snapshot, and the panel starts Python from scratch instead. Pyodide itself then
// restores just the header.
//
// Metadata: size (of Pyodide's snapshot), header (Pyodide's, base64), page, runs
// ([kind, pages], kinds: 0 zero, 1 base, 2 data), base_hash, check ({scenario,
// result}: a scenario and its answer, to try once restored) and scenarios (the
// ones the build answered before the snapshot). The data file: the data pages,
// in order.
//
// Used by the build (build-runtime.mjs, under Node) and by the worker (browser).

const ZERO = 0;
const BASE = 1;
const DATA = 2;

// FNV-1a over 32-bit words: a cheap check that the base pages are the ones the
// build saw, not a defence against anyone (the page comes from the same site).
// Words and hash are read and kept as signed 32-bit integers: as unsigned ones,
// half of them would not fit an engine's small integers (JavaScriptCore's loop
// would run on doubles, three times slower); the bits are the same.
function hashWords(words, hash) {
  for (let i = 0; i < words.length; i += 1) hash = Math.imul(hash ^ words[i], 0x01000193);
  return hash;
}

function hashPages(heap, runs, page) {
  let hash = 0x811c9dc5 | 0;
  let offset = 0;
  for (const [kind, count] of runs) {
    const length = count * page;
    if (kind === BASE) hash = hashWords(new Int32Array(heap.buffer, heap.byteOffset + offset, length / 4), hash);
    offset += length;
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

function classify(heap, base, pristine, start, page) {
  let isZero = true;
  let isBase = true;
  for (let i = start; i < start + page && (isZero || isBase); i += 1) {
    if (heap[i] !== 0) isZero = false;
    if (heap[i] !== base[i] || base[i] !== pristine[i]) isBase = false;
  }
  return isZero ? ZERO : isBase ? BASE : DATA;
}

// Returns {meta, data} for Pyodide's `snapshot`. `base` is the heap of a runtime
// started with `noInitialRun`, before Python; `pristine`, its heap as the wasm
// module was instantiated: a page the runtime's start wrote to (random seeds, the
// program's name, clocks) may differ in a reader's browser.
export function encodeSnapshot(snapshot, base, pristine, { check, scenarios }, page = 4096) {
  const prefix = snapshot.length - base.length;
  const heap = snapshot.subarray(prefix);
  if (prefix < 0 || heap.length % page !== 0) throw new Error("unexpected snapshot layout");
  const runs = [];
  const pages = [];
  for (let start = 0; start < heap.length; start += page) {
    const kind = classify(heap, base, pristine, start, page);
    if (kind === DATA) pages.push(heap.subarray(start, start + page));
    if (runs.length && runs.at(-1)[0] === kind) runs.at(-1)[1] += 1;
    else runs.push([kind, 1]);
  }
  const data = new Uint8Array(pages.length * page);
  pages.forEach((pageBytes, index) => data.set(pageBytes, index * page));
  const header = btoa(String.fromCharCode(...snapshot.subarray(0, prefix)));
  const meta = { size: snapshot.length, header, page, runs, base_hash: hashPages(base, runs, page),
    check, scenarios };
  return { meta, data };
}

// Returns the options of loadPyodide that restore the snapshot: Pyodide gets the
// header, and the runtime made by `createModule` gets the pages in its heap.
// `pages` and `createModule` may be promises: the runtime starts before they come.
export function restoringOptions(meta, pages, createModule) {
  const header = Uint8Array.from(atob(meta.header), (character) => character.charCodeAt(0));
  return {
    _loadSnapshot: header,
    createPyodideModule: async (settings) => {
      const module = await (await createModule)(settings);
      const data = await pages;
      pages = null; // Pyodide keeps this function for the worker's life; the pages need not stay
      restoreHeap(meta, header.length, data, module.HEAPU8);
      return module;
    },
  };
}

// Returns the simulator's entry point in `pyodide`, once restored. Every module the
// panel imports is in the snapshot, so Python gets an empty standard library, and
// its import system forgets the build's, so that the two agree. Done through
// Python's own objects rather than as Python source: running source goes through
// Pyodide's eval_code (parsing, compiling, rewriting the tree), Python code that
// JavaScriptCore would first run in its slow interpreter tier.
export function restoredSimulator(pyodide) {
  const modules = ["zipimport", "sys", "simulator.boundary"].map((name) => pyodide.pyimport(name));
  const [zipimport, sys, boundary] = modules;
  for (const cache of [zipimport._zip_directory_cache, sys.path_importer_cache]) {
    cache.clear();
    cache.destroy();
  }
  const evaluateJson = boundary.evaluate_json.copy(); // borrowed: it would go with `boundary`
  modules.forEach((module) => module.destroy());
  return evaluateJson;
}

// Writes the snapshot's heap into `heapView`, the heap of the runtime about to be
// restored: data pages copied from `data`, zero pages cleared, base pages left as
// they are, once checked to be the pages the build saw (else it throws, the heap
// untouched). Pyodide then restores a snapshot of just the header: its own copy
// of 30 MB is spared.
function restoreHeap(meta, headerLength, data, heapView) {
  const { size, page, runs, base_hash: expected } = meta;
  const heap = new Uint8Array(heapView.buffer, heapView.byteOffset, heapView.byteLength);
  const dataPages = runs.reduce((total, [kind, count]) => total + (kind === DATA ? count : 0), 0);
  if (size - heap.length !== headerLength) throw new Error("the runtime's heap differs in size");
  if (data.length !== dataPages * page) throw new Error("the snapshot's pages are incomplete");
  const actual = hashPages(heap, runs, page);
  if (actual !== expected) throw new Error(`the runtime's start differs from the build's (${actual})`);
  let source = 0;
  let target = 0;
  for (const [kind, count] of runs) {
    const length = count * page;
    if (kind === DATA) {
      heap.set(data.subarray(source, source + length), target);
      source += length;
    } else if (kind === ZERO) {
      heap.fill(0, target, target + length);
    }
    target += length;
  }
}
