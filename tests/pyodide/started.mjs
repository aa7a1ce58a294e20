// Starts Pyodide under Node and prints, as JSON, what the runtime's patches touch:
// its function table (how many times it grew, its length and entries once Python
// runs), its global offset table (each symbol's value: for a function, its slot in
// the table) and what its bootstrap set up (the objects Pyodide's API keeps, as
// Python sees them).
//
//   node tests/pyodide/started.mjs [RUNTIME.mjs]
//
// With RUNTIME.mjs (the site's patched runtime), on it; else on npm's pyodide.asm.mjs.
import { pathToFileURL } from "node:url";
import { loadPyodide } from "pyodide";

const [runtimePath] = process.argv.slice(2);
const { default: createPyodideModule } = await import(
  runtimePath ? pathToFileURL(runtimePath).href : "pyodide/pyodide.asm.mjs");

let grows = 0;
const grow = WebAssembly.Table.prototype.grow;
WebAssembly.Table.prototype.grow = function (...args) {
  grows += 1;
  return grow.apply(this, args);
};
const pyodide = await loadPyodide({ createPyodideModule, stdout: () => {}, stderr: () => {} });
const table = pyodide._module.wasmTable;
// Each entry by what it is: the table's layout, which function pointers in the heap rely on.
const entries = [];
for (let index = 0; index < table.length; index += 1) {
  const entry = table.get(index);
  entries.push(entry === null ? null : entry.name);
}
// JavaScript functions wrapped for the table all have the same name: the global
// offset table tells which symbol each slot holds.
const got = Object.fromEntries(Object.entries(pyodide._module.GOT)
  .map(([symbol, global]) => [symbol, global.value]));

// The bootstrap's objects: Pyodide's own namespace (a dict apart from __main__'s,
// which runs its source), the modules it keeps, and the globals that runPython uses
// (__main__'s, over builtins). npm's namespace also holds the names its bootstrap's
// source imported (importlib, __main__, builtins), which nothing reads.
const api = pyodide._api;
const platform = api.runPythonInternal("import sys; sys.platform");
pyodide.runPython("answer = 6 * 7");
const internal = api.runPythonInternal_dict;
const bootstrap = {
  platform,
  internalNamespace: [internal.type, internal.has("sys"), internal.has("answer")],
  modules: [api.importlib, api.sys, api.os].map((module) => module.__name__),
  globals: [pyodide.globals.get("__name__"), pyodide.globals.get("answer"),
    String(pyodide.globals.get("len"))],
};
process.stdout.write(JSON.stringify({ grows, length: table.length, entries, got, bootstrap }));
