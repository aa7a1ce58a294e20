// Build time only: the worked examples of every panel of a build, as HTML.
//
//   node worked-examples.mjs < examples.json > boxes.json
//
// In: a JSON list of {result, texts, formats, sections, indent, where}, one per panel
// (the simulator's answer to the panel's preset, the panel's texts and locale data,
// the sections its explanation links to,
// the indentation of the box in the page, and the page, for errors). Out: a JSON
// list of the result boxes as HTML, in the same order, rendered by view.js, the
// panel's own renderer. overrides/hooks/try_it.py runs this once per build.
import { resultView, toHtml } from "./view.js";

// NOTE: not readFileSync(0): on a pipe that is not ready yet it fails with EAGAIN.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const examples = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const boxes = examples.map(({ result, texts, formats, sections, indent, where }) => {
  try {
    return toHtml(resultView(result, texts, formats, { sections }), indent);
  } catch (error) {
    throw new Error(`${where}: the worked example cannot be rendered: ${error.stack}`);
  }
});
process.stdout.write(JSON.stringify(boxes));
