// Evaluates scenarios inside real Pyodide (under Node) with the simulator wheel.
//
//   node tests/pyodide/evaluate.mjs WHEEL [--site-runtime STDLIB BYTECODE] < in.jsonl > out.jsonl
//
// Each input line is one scenario's JSON text, passed unchanged to
// simulator.boundary.evaluate_json; each output line is its result text, so the
// caller can compare them byte for byte with CPython's. With --site-runtime it runs
// as the site's panel does: on the panel's standard library and with the simulator's
// bytecode unpacked over the wheel (overrides/hooks/try_it_assets.py). With --bench N it
// instead prints per-evaluation latencies (ms) of N runs of each line, as JSON.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { loadPyodide } from "pyodide";

const require = createRequire(import.meta.url);
const indexURL = dirname(require.resolve("pyodide/package.json")) + "/";

const [wheelPath, ...rest] = process.argv.slice(2);
const benchIndex = rest.indexOf("--bench");
const benchRuns = benchIndex >= 0 ? Number(rest[benchIndex + 1]) : 0;

const runtimeIndex = rest.indexOf("--site-runtime");
const [stdLibURL, bytecodePath] = runtimeIndex >= 0 ? rest.slice(runtimeIndex + 1) : [];

const pyodide = await loadPyodide({ indexURL, stdLibURL, stdout: () => {}, stderr: () => {} });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
if (bytecodePath) {
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(readFileSync(bytecodePath)), "zip", { extractDir: sitePackages });
}
const evaluateJson = pyodide.runPython("from simulator.boundary import evaluate_json\nevaluate_json");

// NOTE: not readFileSync(0): on a pipe that is not ready yet it fails with EAGAIN.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter((line) => line.length > 0);
const out = [];
if (benchRuns > 0) {
  for (const line of lines) evaluateJson(line); // warm-up: imports, caches
  const latencies = [];
  for (let run = 0; run < benchRuns; run += 1) {
    for (const line of lines) {
      const start = performance.now();
      evaluateJson(line);
      latencies.push(performance.now() - start);
    }
  }
  out.push(JSON.stringify({ version: pyodide.version, latencies_ms: latencies }));
} else {
  for (const line of lines) out.push(evaluateJson(line));
}
evaluateJson.destroy();
process.stdout.write(out.join("\n") + "\n");
