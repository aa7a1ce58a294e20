// The simulator in a module Web Worker, on the site's own copy of Pyodide.
//
// Messages in: {id, scenario} with the scenario as JSON text (answered once the
// simulator is ready, however early it comes); {type: "page-set-up"} (see HOLD_MS).
// Messages out: {type: "progress", stage} ("runtime" as each attempt at starting
// Python begins, "rules" once a runtime started from scratch installs the
// simulator), {type: "ready", start, phases, timeOrigin}, {type: "failed", error}, and
// {id, ok: true, result} (JSON text) or {id, ok: false, error} per call.
// Only JSON strings cross the boundary; the one Python proxy is kept for the worker's life.
//
// It starts from the build's memory snapshot (snapshot.js): Python already running,
// the simulator imported and its texts loaded. Should that fail in any way (a file
// that does not load, a runtime that starts differently), it starts Python from
// scratch instead, on the panel's byte-compiled standard library and the wheel.
// What it knows of the build (the files' names, the snapshot's metadata, Pyodide's
// lock facts) is in runtime.js, which the build writes.
import runtime from "./runtime.js";
import { restoredSimulator, restoringOptions } from "./snapshot.js";

// When each step of the start ended, in milliseconds on this worker's clock: the
// client puts them on the page's (the benchmark reads them).
const phases = { modules: performance.now() };
const passed = (phase) => (value) => {
  phases[phase] ??= performance.now();
  return value;
};

const here = (path) => new URL(path, import.meta.url).href;
const indexURL = here(runtime.pyodide);
const WASM_URL = `${indexURL}pyodide.asm.wasm`;
// The lock file's facts: the panel loads no packages, so none are listed.
const lockFileContents = JSON.stringify({ info: runtime.lock_info, packages: {} });
const quiet = { stdout: () => {}, stderr: () => {} };
// A download that receives nothing for this long is given up: a reader's connection
// can break without closing, and the start would wait for it for good.
const STALL_MS = 10000;
const { fetch: browserFetch } = self; // see lendCompiledWasm

// The smallest WebAssembly module. A policy without 'wasm-unsafe-eval' refuses to
// compile it (Chromium, Firefox) or to instantiate it (WebKit) at once, where
// Pyodide would wait for its runtime forever.
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

// Returns why this worker may not run WebAssembly, or null if it may.
function wasmRefusal() {
  try {
    new WebAssembly.Instance(new WebAssembly.Module(EMPTY_MODULE));
    return null;
  } catch (error) {
    return new Error(`WebAssembly is not allowed here: ${error?.message ?? error}`);
  }
}

// Returns the response for `url`, its body watched: it fails on an HTTP error, or
// once nothing has arrived for STALL_MS.
async function fetchWatched(url) {
  const stalled = new AbortController();
  let timer;
  const waitForData = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stalled.abort(new Error(`${url}: stalled`)), STALL_MS);
  };
  waitForData();
  try {
    const response = await browserFetch(url, { signal: stalled.signal });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const watched = response.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        waitForData();
        controller.enqueue(chunk);
      },
      flush: () => clearTimeout(timer),
    }));
    return new Response(watched, { headers: response.headers });
  } catch (error) {
    clearTimeout(timer);
    throw error;
  }
}

// Returns the bytes at `path` (relative to this module).
async function download(path) {
  const response = await fetchWatched(here(path));
  return new Uint8Array(await response.arrayBuffer());
}

// A worker the page starts from its head (for a link to a panel) runs beside the
// page's own setup, and a reader's machine may have two cores: whatever it did then,
// even downloading (the browser decompresses what arrives), would lengthen the
// page's own tasks. Once its own modules are in, it waits until the page says it
// has set itself up ("page-set-up"), or HOLD_MS at most. Started later (a panel
// scrolled into view), it does not wait.
const HOLD_MS = 5000;
let release;
const pageSetUp = self.location.hash === "#held"
  ? new Promise((resolve) => {
    release = (phase) => {
      release = null;
      resolve(passed(phase)());
    };
    setTimeout(() => release?.("holdExpired"), HOLD_MS);
  })
  : Promise.resolve();

// Every start needs these, and they start first, side by side: Pyodide's loader,
// its JavaScript runtime (as the build patched it), and its WebAssembly, compiled
// while it downloads. NOTE: Pyodide itself would compile the wasm only once its
// runtime module has been fetched and run, after the download. Whatever start
// follows instantiates this one compiled module; should it fail to come (a refused
// or broken download, a stall), no start can succeed, and the start fails at once.
const refusal = wasmRefusal();
const loader = pageSetUp.then(() => import(`${indexURL}pyodide.mjs`));
const createModule = pageSetUp.then(() => import(here(runtime.runtime)))
  .then((module) => module.default).then(passed("runtime"));
const compiled = refusal ? Promise.reject(refusal)
  : pageSetUp.then(() => fetchWatched(WASM_URL))
    .then((response) => WebAssembly.compileStreaming(response)).then(passed("wasm"));
// Never resolves; rejects as soon as the wasm fails.
const whenWasmFails = compiled.then(() => new Promise(() => {}), (error) => {
  throw refusal ?? new Error(`Pyodide's WebAssembly did not load: ${error?.message ?? error}`);
});
// Each is awaited by a start, or by none when an earlier failure ended it.
for (const promise of [loader, createModule, compiled, whenWasmFails]) promise.catch(() => {});

// Pyodide fetches its wasm and instantiates it with instantiateStreaming(), inside
// loadPyodide(), with no option to hand it a module: for the one start under way,
// its request for the file gets this worker's (not a second download), and its
// instantiateStreaming() the module compiled above.
const { instantiateStreaming } = WebAssembly;

function lendCompiledWasm() {
  self.fetch = function fetchOnce(input, init) {
    if (String(input instanceof Request ? input.url : input) !== WASM_URL) {
      return browserFetch.call(this, input, init);
    }
    self.fetch = browserFetch;
    return Promise.resolve(new Response(null, { headers: { "Content-Type": "application/wasm" } }));
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    WebAssembly.instantiateStreaming = instantiateStreaming;
    const module = await compiled;
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

// Returns Pyodide started on the standard library at `stdlib`, with `options`.
async function startPyodide(stdlib, options) {
  const { loadPyodide } = await loader;
  lendCompiledWasm();
  return loadPyodide({ indexURL, lockFileContents, stdLibURL: here(stdlib), ...options, ...quiet });
}

async function startFromSnapshot() {
  const pages = download(runtime.snapshot_pages);
  pages.catch(() => {}); // loadPyodide reports it
  // Every module the panel imports is in the snapshot: its standard library is empty.
  const pyodide = await startPyodide(runtime.empty_stdlib,
    restoringOptions(runtime.snapshot, pages, createModule));
  passed("pyodide")();
  const evaluateJson = restoredSimulator(pyodide);
  const { check, scenarios } = runtime.snapshot;
  if (evaluateJson(check.scenario) !== check.result) throw new Error("the restored simulator answers differently");
  warmUpScenarios = scenarios;
  return evaluateJson;
}

// A restored interpreter has run little, so V8 still runs its code as first
// compiled, about three times slower; the reader's first edits would pay for it.
// Once the first answer is out, the worker answers the build's scenarios a few
// hundred times, one per task, and V8 optimises what they run hot. Between two
// of them a reader's call goes first; a message port, not a timer, hands over,
// so that the warm-up is over within a second rather than dragged out over
// several (timers nested this deep wait 4 ms each).
let warmUpScenarios = [];
const WARM_UP_CALLS = 300;
const turns = new MessageChannel();

function nextTask() {
  return new Promise((resolve) => {
    turns.port1.onmessage = resolve;
    turns.port2.postMessage(null);
  });
}

async function warmUp(evaluateJson) {
  for (let call = 0; call < WARM_UP_CALLS && warmUpScenarios.length; call += 1) {
    await nextTask();
    evaluateJson(warmUpScenarios[call % warmUpScenarios.length]);
  }
}

async function startFromScratch() {
  // The wheel downloads while the runtime starts (unpackArchive, not loadPackage).
  const wheel = download(runtime.wheel);
  // The wheel's modules compiled at build time, unpacked over it: no compiling here.
  const bytecode = download(runtime.bytecode);
  for (const promise of [wheel, bytecode]) promise.catch(() => {}); // awaited below
  // The panel's standard library: the modules it imports, byte-compiled by the build.
  const pyodide = await startPyodide(runtime.stdlib, { createPyodideModule: await createModule });
  passed("pyodide")();
  postMessage({ type: "progress", stage: "rules" });
  pyodide.unpackArchive(await wheel, "wheel", { extractDir: runtime.site_packages });
  pyodide.unpackArchive(await bytecode, "zip", { extractDir: runtime.site_packages });
  return pyodide.runPython("from simulator.boundary import evaluate_json\nevaluate_json");
}

let start = "snapshot";

async function startSimulator() {
  postMessage({ type: "progress", stage: "runtime" });
  if (refusal) throw refusal;
  try {
    return await Promise.race([startFromSnapshot(), whenWasmFails]);
  } catch (error) {
    await Promise.race([createModule, whenWasmFails]); // what no start can do without
    start = `scratch (snapshot: ${error?.message ?? error})`;
    delete phases.pyodide;
    postMessage({ type: "progress", stage: "runtime" });
    return Promise.race([startFromScratch(), whenWasmFails]);
  }
}

const ready = pageSetUp.then(startSimulator).then(passed("simulator"));
ready.then(
  (evaluateJson) => {
    postMessage({ type: "ready", start, phases, timeOrigin: performance.timeOrigin });
    warmUp(evaluateJson);
  },
  (error) => postMessage({ type: "failed", error: String(error?.message ?? error) }),
);

self.onmessage = async ({ data }) => {
  if (data.type === "page-set-up") {
    release?.("released");
    return;
  }
  const { id, scenario } = data;
  try {
    const evaluateJson = await ready;
    postMessage({ id, ok: true, result: evaluateJson(String(scenario)) });
  } catch (error) {
    postMessage({ id, ok: false, error: String(error?.message ?? error) });
  }
};
