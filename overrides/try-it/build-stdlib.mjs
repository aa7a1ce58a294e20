// Build time only: the panel's standard library, byte-compiled by Pyodide itself.
//
//   node build-stdlib.mjs WHEEL STDLIB.zip SIMULATOR-BYTECODE.zip
//
// Loads the npm package's Pyodide, installs the simulator wheel, and runs
// stdlib_bytecode.py, which makes the standard library zip with the modules the
// panel imports compiled, and the simulator's bytecode (overrides/hooks/try_it_assets.py
// calls this and caches both).
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheelPath, stdlibPath, bytecodePath] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (line) => console.error(line) });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
// What reporting a Python error to JavaScript imports, should a call ever raise.
try {
  pyodide.runPython("raise ValueError('probe')");
} catch {}
const source = readFileSync(new URL("./stdlib_bytecode.py", import.meta.url), "utf8");
const namespace = pyodide.globals.get("dict")();
pyodide.runPython(source, { globals: namespace });
const build = namespace.get("build");
const built = build();
const [stdlib, bytecode] = built.toJs();
writeFileSync(stdlibPath, stdlib);
writeFileSync(bytecodePath, bytecode);
built.destroy();
build.destroy();
namespace.destroy();
