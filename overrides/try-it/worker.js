// The simulator in a module Web Worker, on the site's own copy of Pyodide.
//
// Messages in: {id, scenario} with the scenario as JSON text.
// Messages out: {type: "progress", stage}, {type: "ready"}, {type: "failed", error},
// and {id, ok: true, result} (JSON text) or {id, ok: false, error} per call.
// Only JSON strings cross the boundary; the one Python proxy is kept for the worker's life.
import { loadPyodide } from "./__PYODIDE_DIR__/pyodide.mjs";

const indexURL = new URL("./__PYODIDE_DIR__/", import.meta.url).href;
const wheelURL = new URL("./__WHEEL__", import.meta.url).href;
// The wheel's modules compiled at build time, unpacked over it: no compiling here.
const bytecodeURL = new URL("./__BYTECODE__", import.meta.url).href;
// The panel's standard library: the modules it imports, byte-compiled by the build.
const stdLibURL = new URL("./__PYODIDE_DIR__/__STDLIB__", import.meta.url).href;
// The lock file's facts, inline: the panel loads no packages, so none are listed.
const lockFileContents = JSON.stringify({ info: __LOCK_INFO__, packages: {} });

// The smallest WebAssembly module. A policy without 'wasm-unsafe-eval' refuses to
// compile it at once, where Pyodide would wait for its runtime forever.
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

async function start() {
  postMessage({ type: "progress", stage: "runtime" });
  try {
    new WebAssembly.Module(EMPTY_MODULE);
  } catch (error) {
    throw new Error(`WebAssembly is not allowed here: ${error?.message ?? error}`);
  }
  // The wheel downloads while the runtime starts (unpackArchive, not loadPackage).
  const wheel = download(wheelURL);
  const bytecode = download(bytecodeURL);
  const pyodide = await loadPyodide({
    indexURL,
    stdLibURL,
    lockFileContents,
    stdout: () => {},
    stderr: () => {},
  });
  postMessage({ type: "progress", stage: "rules" });
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel");
  pyodide.unpackArchive(new Uint8Array(await bytecode), "zip", { extractDir: "__SITE_PACKAGES__" });
  return pyodide.runPython("from simulator.boundary import evaluate_json\nevaluate_json");
}

const ready = start();
ready.then(
  () => postMessage({ type: "ready" }),
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
