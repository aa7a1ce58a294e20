// Build time only: the panel's Python, prepared by Pyodide itself.
//
//   node build-runtime.mjs RUNTIME.mjs WHEEL STDLIB.zip SIMULATOR-BYTECODE.zip SNAPSHOT.json SNAPSHOT.bin
//
// RUNTIME.mjs is Pyodide's JavaScript runtime as the site ships it (patched by
// try_it_assets.py): the snapshot is made by the code that restores it.
// 1. Loads the npm package's Pyodide on it, installs the simulator wheel and runs
//    stdlib_bytecode.py: the standard library zip with just the modules the panel
//    imports, byte-compiled, and the simulator's bytecode. A panel that cannot use
//    the snapshot starts on these.
// 2. Starts Pyodide again on that library, as the panel does, imports the
//    simulator, answers the scenarios of step 1 (each path that imports
//    anything, in every locale) and writes a memory snapshot of it (snapshot.js):
//    a panel restores it instead of starting Python and importing the simulator.
// overrides/hooks/try_it_assets.py calls this and caches the results.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { loadPyodide } from "pyodide";
import { encodeSnapshot } from "./snapshot.js";

const [runtimePath, wheelPath, stdlibPath, bytecodePath, metaPath, pagesPath] = process.argv.slice(2);
const { default: createPyodideModule } = await import(pathToFileURL(runtimePath).href);
// Every start runs the shipped runtime, quietly.
const shipped = { stdout: () => {}, stderr: (line) => console.error(line), createPyodideModule };
const wheel = new Uint8Array(readFileSync(wheelPath));

function sitePackages(pyodide) {
  return pyodide.runPython("import site; site.getsitepackages()[0]");
}

// Step 1: the panel's standard library and the simulator's bytecode.
const builder = await loadPyodide(shipped);
builder.unpackArchive(wheel, "wheel", { extractDir: sitePackages(builder) });
// What reporting a Python error to JavaScript imports, should a call ever raise.
try {
  builder.runPython("raise ValueError('probe')");
} catch {}
const source = readFileSync(new URL("./stdlib_bytecode.py", import.meta.url), "utf8");
const namespace = builder.globals.get("dict")();
builder.runPython(source, { globals: namespace });
const build = namespace.get("build");
const built = build();
const [stdlib, bytecode, scenarios] = built.toJs();
writeFileSync(stdlibPath, stdlib);
writeFileSync(bytecodePath, bytecode);
built.destroy();
build.destroy();
namespace.destroy();

// Step 2: the snapshot. The base is the heap of a runtime that has started and
// not yet run Python, the state a panel's runtime is in when it restores; the
// pristine heap is the wasm module's own data, before anything ran.
let pristine = null;
let base = null;
const panel = await loadPyodide({
  ...shipped,
  stdLibURL: stdlibPath,
  // The browser's argv[0], not this script's path: Python keeps it (sys.executable).
  _sysExecutable: "./this.program",
  _makeSnapshot: true,
  createPyodideModule: (settings) => {
    const instantiate = settings.instantiateWasm;
    settings.instantiateWasm = (imports, receive) => instantiate(imports, (instance, module) => {
      pristine = new Uint8Array(instance.exports.memory.buffer).slice();
      receive(instance, module);
    });
    settings.onRuntimeInitialized = () => {
      base = new Uint8Array(settings.HEAPU8);
    };
    return createPyodideModule(settings);
  },
});
const panelSitePackages = sitePackages(panel);
panel.unpackArchive(wheel, "wheel", { extractDir: panelSitePackages });
panel.unpackArchive(new Uint8Array(bytecode), "zip", { extractDir: panelSitePackages });
const evaluateJson = panel.runPython("from simulator.boundary import evaluate_json\nevaluate_json");
const answers = scenarios.map((scenario) => evaluateJson(scenario));
evaluateJson.destroy();
panel.runPython("import gc; gc.collect()");
if (panel._module.HEAPU8.length !== base.length) {
  // Pyodide restores a snapshot into a heap of the default size (it ignores a
  // larger one): a heap that grew here could not be restored.
  throw new Error(`the heap grew to ${panel._module.HEAPU8.length} bytes: too large to restore`);
}
const snapshot = panel.makeMemorySnapshot();
const { meta, data } = encodeSnapshot(snapshot, base, pristine,
  { check: { scenario: scenarios[0], result: answers[0] }, scenarios });
writeFileSync(metaPath, JSON.stringify(meta));
writeFileSync(pagesPath, data);
