// The simulator in a module Web Worker, on the site's own copy of Pyodide.
//
// Messages in: {id, scenario} with the scenario as JSON text.
// Messages out: {type: "progress", stage}, {type: "ready", start}, {type: "failed", error},
// and {id, ok: true, result} (JSON text) or {id, ok: false, error} per call.
// Only JSON strings cross the boundary; the one Python proxy is kept for the worker's life.
//
// It starts from the build's memory snapshot (snapshot.js): Python already running,
// the simulator imported and its texts loaded. Should that fail in any way (a file
// that does not load, a runtime that starts differently), it starts Python from
// scratch instead, on the panel's byte-compiled standard library and the wheel.
import { loadPyodide } from "./__PYODIDE_DIR__/pyodide.mjs";
import { RESTORED_SIMULATOR, restoringOptions } from "./__SNAPSHOT_CODEC__";

const indexURL = new URL("./__PYODIDE_DIR__/", import.meta.url).href;
const here = (name) => new URL(name, import.meta.url).href;
// The lock file's facts, inline: the panel loads no packages, so none are listed.
const lockFileContents = JSON.stringify({ info: __LOCK_INFO__, packages: {} });
const SITE_PACKAGES = "__SITE_PACKAGES__";
const quiet = { stdout: () => {}, stderr: () => {} };

// The smallest WebAssembly module. A policy without 'wasm-unsafe-eval' refuses to
// compile it at once, where Pyodide would wait for its runtime forever.
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

// What the snapshot's pages are, inline: the runtime starts while they download.
const snapshot = __SNAPSHOT_META__;

async function startFromSnapshot() {
  const pages = download(here("./__SNAPSHOT__")).then((buffer) => new Uint8Array(buffer));
  const createModule = import(`${indexURL}pyodide.asm.mjs`).then((runtime) => runtime.default);
  for (const promise of [pages, createModule]) promise.catch(() => {}); // loadPyodide reports them
  const pyodide = await loadPyodide({
    indexURL,
    lockFileContents,
    stdLibURL: here("./__EMPTY_STDLIB__"),
    ...restoringOptions(snapshot, pages, createModule),
    ...quiet,
  });
  const evaluateJson = pyodide.runPython(RESTORED_SIMULATOR);
  const { check, scenarios } = snapshot;
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
  const wheel = download(here("./__WHEEL__"));
  // The wheel's modules compiled at build time, unpacked over it: no compiling here.
  const bytecode = download(here("./__BYTECODE__"));
  const pyodide = await loadPyodide({
    indexURL,
    lockFileContents,
    // The panel's standard library: the modules it imports, byte-compiled by the build.
    stdLibURL: here("./__PYODIDE_DIR__/__STDLIB__"),
    ...quiet,
  });
  postMessage({ type: "progress", stage: "rules" });
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel", { extractDir: SITE_PACKAGES });
  pyodide.unpackArchive(new Uint8Array(await bytecode), "zip", { extractDir: SITE_PACKAGES });
  return pyodide.runPython("from simulator.boundary import evaluate_json\nevaluate_json");
}

let start = "snapshot";

async function startSimulator() {
  postMessage({ type: "progress", stage: "runtime" });
  try {
    new WebAssembly.Module(EMPTY_MODULE);
  } catch (error) {
    throw new Error(`WebAssembly is not allowed here: ${error?.message ?? error}`);
  }
  try {
    return await startFromSnapshot();
  } catch (error) {
    start = `scratch (snapshot: ${error?.message ?? error})`;
    return startFromScratch();
  }
}

const ready = startSimulator();
ready.then(
  (evaluateJson) => {
    postMessage({ type: "ready", start });
    warmUp(evaluateJson);
  },
  (error) => postMessage({ type: "failed", error: String(error?.message ?? error) }),
);

self.onmessage = async ({ data }) => {
  const { id, scenario } = data;
  try {
    const evaluateJson = await ready;
    postMessage({ id, ok: true, result: evaluateJson(String(scenario)) });
  } catch (error) {
    postMessage({ id, ok: false, error: String(error?.message ?? error) });
  }
};
