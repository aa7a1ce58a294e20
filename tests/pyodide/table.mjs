// Starts Pyodide under Node and prints its function table: how many times it grew,
// and its length and entries once Python runs, as JSON.
//
//   node tests/pyodide/table.mjs [RUNTIME.mjs]
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
process.stdout.write(JSON.stringify({ grows, length: table.length, entries }));
