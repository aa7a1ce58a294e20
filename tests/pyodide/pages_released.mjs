// Restores the panel's snapshot under Node as the worker does, then tells whether
// the snapshot's pages can still be reached once Python runs: Pyodide keeps the
// restoring options for the worker's life, and the pages (9 MB) must not stay with
// them.
//
//   node --expose-gc tests/pyodide/pages_released.mjs META.json PAGES.bin EMPTY-STDLIB
//
// Prints {"answers": true|false, "pages_released": true|false}.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";
import createPyodideModule from "pyodide/pyodide.asm.mjs";
import { RESTORED_SIMULATOR, restoringOptions } from "../../overrides/try-it/snapshot.js";

const [metaPath, pagesPath, emptyStdlib] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaPath, "utf8"));
let pages = new Uint8Array(readFileSync(pagesPath));
const pagesRef = new WeakRef(pages);
const options = restoringOptions(meta, Promise.resolve(pages), createPyodideModule);
pages = null;
const quiet = { stdout: () => {}, stderr: () => {} };
const pyodide = await loadPyodide({ ...quiet, stdLibURL: emptyStdlib, ...options });
const evaluateJson = pyodide.runPython(RESTORED_SIMULATOR);
const answers = evaluateJson(meta.check.scenario) === meta.check.result;
await new Promise((resolve) => setTimeout(resolve)); // the restore's promises settled
globalThis.gc();
const pagesReleased = pagesRef.deref() === undefined;
process.stdout.write(JSON.stringify({ answers, pages_released: pagesReleased }) + "\n");
