// Evaluates scenarios inside real Pyodide (under Node) with the simulator wheel.
//
//   node tests/pyodide/evaluate.mjs WHEEL [--site-runtime STDLIB BYTECODE] < in.jsonl > out.jsonl
//   node tests/pyodide/evaluate.mjs --snapshot META.json PAGES.bin EMPTY-STDLIB < in.jsonl > out.jsonl
//   ... --runtime RUNTIME.mjs: on this JavaScript runtime (the site's patched one), not npm's
//
// Each input line is one scenario's JSON text, passed unchanged to
// simulator.boundary.evaluate_json; each output line is its result text, so the
// caller can compare them byte for byte with CPython's. With --site-runtime it runs
// as the site's panel does when it starts Python from scratch: on the panel's
// standard library and with the simulator's bytecode unpacked over the wheel
// (overrides/hooks/try_it_assets.py). With --snapshot it runs as the panel usually
// does: restored from the build's memory snapshot (overrides/try-it/snapshot.js) on
// an empty standard library, with no wheel; with --pages-released too (and Node's
// --expose-gc), it fails if the snapshot's pages are still reachable once Python
// runs: Pyodide keeps its start options for good, and the 9 MB must not stay with
// them. With --bench N it instead prints per-evaluation latencies (ms) of N runs
// of each line, as JSON.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { loadPyodide } from "pyodide";
import { restoredSimulator, restoringOptions } from "../../overrides/try-it/snapshot.js";

const require = createRequire(import.meta.url);
const indexURL = dirname(require.resolve("pyodide/package.json")) + "/";

const args = process.argv.slice(2);
const option = (name, count) => {
  const index = args.indexOf(name);
  return index >= 0 ? args.slice(index + 1, index + 1 + count) : [];
};
const benchRuns = Number(option("--bench", 1)[0] ?? 0);
const [runtimePath] = option("--runtime", 1);
const { default: createPyodideModule } = await import(
  runtimePath ? pathToFileURL(runtimePath).href : "pyodide/pyodide.asm.mjs");
const quiet = { indexURL, stdout: () => {}, stderr: () => {}, createPyodideModule };

async function fromWheel(wheelPath, [stdLibURL, bytecodePath]) {
  const pyodide = await loadPyodide({ ...quiet, stdLibURL });
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel", { extractDir: sitePackages });
  if (bytecodePath) {
    pyodide.unpackArchive(new Uint8Array(readFileSync(bytecodePath)), "zip", { extractDir: sitePackages });
  }
  return pyodide.runPython("from simulator.boundary import evaluate_json\nevaluate_json");
}

// As overrides/try-it/worker.js restores the panel's snapshot.
let snapshotPages = null; // a WeakRef: are the pages still reachable?

async function fromSnapshot([metaPath, pagesPath, emptyStdlib]) {
  const meta = JSON.parse(readFileSync(metaPath, "utf8"));
  const pages = new Uint8Array(readFileSync(pagesPath));
  snapshotPages = new WeakRef(pages);
  const pyodide = await loadPyodide({
    ...quiet,
    stdLibURL: emptyStdlib,
    ...restoringOptions(meta, pages, createPyodideModule),
  });
  return restoredSimulator(pyodide);
}

const snapshotFiles = option("--snapshot", 3);
const evaluateJson = snapshotFiles.length
  ? await fromSnapshot(snapshotFiles)
  : await fromWheel(args[0], option("--site-runtime", 2));

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
  const { version } = await import("pyodide");
  out.push(JSON.stringify({ version, latencies_ms: latencies }));
} else {
  for (const line of lines) out.push(evaluateJson(line));
}
evaluateJson.destroy();
if (args.includes("--pages-released")) {
  await new Promise((resolve) => setTimeout(resolve)); // the restore's promises settled
  globalThis.gc();
  if (snapshotPages?.deref() !== undefined) {
    process.stderr.write("the snapshot's pages are still reachable after the restore\n");
    process.exitCode = 1;
  }
}
process.stdout.write(out.join("\n") + "\n");
