// Build time only: the panel's standard library, byte-compiled by Pyodide itself.
//
//   node build-stdlib.mjs WHEEL OUT.zip
//
// Loads the npm package's Pyodide, installs the simulator wheel, and runs
// stdlib_bytecode.py, which writes the standard library zip with the modules the
// panel imports compiled (overrides/hooks/try_it_assets.py calls this and caches it).
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheelPath, outPath] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (line) => console.error(line) });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
const source = readFileSync(new URL("./stdlib_bytecode.py", import.meta.url), "utf8");
const namespace = pyodide.globals.get("dict")();
pyodide.runPython(source, { globals: namespace });
const build = namespace.get("build");
const zip = build();
writeFileSync(outPath, zip.toJs());
zip.destroy();
build.destroy();
namespace.destroy();
