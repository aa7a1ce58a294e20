// The result box of a "Try it" panel, drawn by one renderer for both of its uses:
// the worked example, which the build writes into the page as HTML (under Node,
// worked-examples.mjs), and the live answer, which the panel lays over the box shown.
//
// resultView(result, texts, formats, options) returns a view: a small element tree,
// {tag, attributes, children}, a child being a view or a text. toHtml() writes it
// as HTML, escaped; toDom() makes it DOM nodes, and morph() lays those over the
// nodes shown, touching only what changed. Texts come from the page (the panel's
// labels, in its language), amounts and dates are written by formats.js.
import { formatAmount, formatDay } from "./formats.js";

const SVG = "http://www.w3.org/2000/svg";
const QUOTE_ROWS = ["credit", "charge", "balance_applied", "amount_due", "balance_after"];

// --- Views -------------------------------------------------------------------------

// An element; its children may be nested in arrays, and null stands for none.
export function h(tag, attributes = {}, ...children) {
  return { tag, attributes, children: children.flat(Infinity).filter((child) => child != null) };
}

// An element whose children the HTML lists one per line, indented (no effect on the DOM).
function stacked(tag, attributes, ...children) {
  return { ...h(tag, attributes, ...children), isStacked: true };
}

// A space that the HTML writes as a line break, indented: the worked example's layout.
const LINE = Object.freeze({ line: true });

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

// Returns the view of `result` (the simulator's answer) in a panel's result box.
// `isLive`: the panel's own answer (a live result, with the timeline) rather than
// the worked example of the page. `sections`: by rule, the article section that
// explains it ({href, title}), which each line of the explanation links to.
export function resultView(result, texts, formats, { isLive = false, sections = {} } = {}) {
  const { quote, channel } = result;
  const amount = (text) => formatAmount(text, quote?.currency, formats);
  const day = (iso) => formatDay(iso, formats);
  return stacked("div", { class: "try-it__result", "data-result": "", "data-origin": isLive ? "live" : "static" },
    h("h3", { class: "try-it__result-title" }, texts[isLive ? "panel.result" : "panel.static_caption"]),
    result.verdict
      ? h("p", { class: "try-it__verdict", "data-verdict": result.verdict }, h("strong", {}, result.summary.text))
      : h("p", { class: "try-it__summary", "data-outcome": result.outcome }, h("strong", {}, result.summary.text)),
    h("p", { class: "try-it__channel", "data-channel": channel.id }, texts["result.where"], LINE,
      channel.url?.startsWith("https://") ? h("a", { href: channel.url }, channel.name) : channel.name),
    quote ? quoteTable(quote, texts, amount, day) : null,
    quote && isLive ? timeline(quote, texts, day) : null,
    result.explanation?.length ? explanationView(result.explanation, texts, sections) : null,
    result.renewal_date ? h("p", { class: "try-it__renewal", "data-renewal": result.renewal_date },
      `${texts["result.renewal"]} ${day(result.renewal_date)}`) : null,
    result.steps.length ? stacked("ol", { class: "try-it__steps" },
      result.steps.map((step) => h("li", { "data-step": step.id }, step.text))) : null,
    result.notices.map((notice) => h("div", { class: "admonition note try-it__notice", "data-notice": notice.id },
      h("p", { class: "admonition-title" }, texts["result.notes"]), h("p", {}, notice.text))),
  );
}

// The quote: each amount, then the new billing period.
function quoteTable(quote, texts, amount, day) {
  return stacked("table", { class: "try-it__quote", "data-quote": "" },
    h("caption", {}, texts["result.quote"]),
    stacked("tbody", {},
      QUOTE_ROWS.map((key) => h("tr", { "data-row": key },
        h("th", { scope: "row" }, texts[`result.${key}`]),
        h("td", { "data-amount": quote[key] }, amount(quote[key])))),
      h("tr", { "data-row": "new_period" },
        h("th", { scope: "row" }, texts["result.new_period"]),
        h("td", { "data-start": quote.period_start, "data-end": quote.period_end },
          fill(texts["result.period_range"], { start: day(quote.period_start), end: day(quote.period_end) })))));
}

// How the quote was worked out: one line per amount, in the reader's own figures,
// each naming the rules it applies, linked to the article section that explains them.
function explanationView(explanation, texts, sections) {
  // NOTE: a div under its heading, not a labelled section: pages with several panels
  // would have several landmarks of one name (axe: landmark-unique).
  return stacked("div", { class: "try-it__working" },
    h("h4", { class: "try-it__working-title" }, texts["result.working"]),
    stacked("ul", { class: "try-it__explanation" },
      explanation.map((line) => {
        const section = sections[line.rules[0]];
        const rules = line.rules.join(", ");
        // The link's name starts with its visible text (the rule ids), then says where it leads.
        return h("li", { "data-explanation": line.id, "data-rules": rules }, line.text, " (",
          section
            ? h("a", { class: "try-it__rule", href: section.href,
              "aria-label": fill(texts["result.rule_link"], { rules, section: section.title }) }, rules)
            : rules, ")");
      })));
}

// Returns what the status line under the form says of `result`: the summary, and
// the amount due when there is a quote, so that a reader who edits the form sees
// the figure that matters without scrolling to the result.
export function resultStatus(result, texts, formats) {
  const quote = result.quote;
  return quote
    ? fill(texts["status.amount_due"], { summary: result.summary.text,
      amount: formatAmount(quote.amount_due, quote.currency, formats) })
    : result.summary.text;
}

// The billing periods drawn to scale: used days, credited unused days, the new period,
// the day of the change. The drawing has no text of its own, so it reads at any width:
// its key is text of the page's size under it, and its text alternative says it all.
function timeline(quote, texts, day) {
  const dayNumber = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
  const start = dayNumber(quote.old_period_start || quote.period_start);
  const end = Math.max(dayNumber(quote.period_end), quote.old_period_end ? dayNumber(quote.old_period_end) : 0);
  const width = 600;
  const x = (iso) => 10 + ((dayNumber(iso) - start) / Math.max(1, end - start)) * (width - 20);
  const range = (from, to) => fill(texts["result.period_range"], { start: day(from), end: day(to) });
  const description = quote.old_period_start
    ? fill(texts["timeline.description"], {
      old_start: day(quote.old_period_start), old_end: day(quote.old_period_end),
      today: day(quote.period_start), unused: quote.unused_days,
      new_start: day(quote.period_start), new_end: day(quote.period_end) })
    : fill(texts["timeline.new_only"], { new_start: day(quote.period_start), new_end: day(quote.period_end) });
  const bar = (from, to, y, part) => h("rect", { x: x(from), y, width: Math.max(2, x(to) - x(from)), height: 14,
    class: `try-it__timeline-${part}` });
  const key = (part, text) => h("li", { class: `try-it__timeline-key try-it__timeline-key--${part}` }, text);
  const old = quote.old_period_start;
  return stacked("figure", { class: "try-it__period" },
    h("svg", { class: "try-it__timeline", viewBox: `0 0 ${width} 44`, role: "img",
      "aria-label": `${texts["timeline.title"]} ${description}` },
    h("title", {}, description),
    old ? [bar(old, quote.period_start, 4, "used"), bar(quote.period_start, quote.old_period_end, 4, "credited")] : null,
    bar(quote.period_start, quote.period_end, 26, "new"),
    h("line", { x1: x(quote.period_start), x2: x(quote.period_start), y1: 0, y2: 44, class: "try-it__timeline-today" })),
    // The key repeats the text alternative for the eye: screen readers have it once.
    stacked("ul", { class: "try-it__timeline-legend", "aria-hidden": "true" },
      old ? [key("used", `${texts["timeline.old_period"]}: ${range(old, quote.old_period_end)}`),
        key("credited", `${texts["timeline.credited"]} (${quote.unused_days}): ${range(quote.period_start, quote.old_period_end)}`)] : null,
      key("new", `${texts["timeline.new_period"]}: ${range(quote.period_start, quote.period_end)}`),
      key("today", `${texts["timeline.today"]}: ${day(quote.period_start)}`)));
}

// --- As HTML (the build) -------------------------------------------------------------

const escapeText = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (text) => String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;");

// Returns `view` as HTML, its lines indented by `indent` (where the box stands in the
// page) and two spaces a level; an empty attribute is written bare (data-result).
export function toHtml(view, indent = "") {
  if (view === LINE) return `\n${indent}  `;
  if (typeof view !== "object") return escapeText(view);
  const attributes = Object.entries(view.attributes)
    .map(([name, value]) => (value === "" ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`)).join("");
  const inner = view.isStacked
    ? view.children.map((child) => `\n${indent}  ${toHtml(child, `${indent}  `)}`).join("") + `\n${indent}`
    : view.children.map((child) => toHtml(child, indent)).join("");
  return `<${view.tag}${attributes}>${inner}</${view.tag}>`;
}

// --- As DOM nodes (the panel) ------------------------------------------------------------

// Returns `view` as a DOM node; inside an <svg>, elements are SVG's.
export function toDom(view, namespace = null) {
  if (view === LINE) return document.createTextNode(" ");
  if (typeof view !== "object") return document.createTextNode(String(view));
  const ns = view.tag === "svg" ? SVG : namespace;
  const node = ns ? document.createElementNS(ns, view.tag) : document.createElement(view.tag);
  for (const [name, value] of Object.entries(view.attributes)) node.setAttribute(name, value);
  for (const child of view.children) node.append(toDom(child, ns));
  return node;
}

// Lays `next`, a fresh rendering, over `current`: where the two have the same
// shape only changed texts and attributes are written, so the browser restyles
// and lays out only those; elsewhere `next`'s nodes take over. Returns the node
// now in the page.
export function morph(current, next) {
  if (current.nodeType !== next.nodeType || current.nodeName !== next.nodeName
      || current.namespaceURI !== next.namespaceURI) {
    current.replaceWith(next);
    return next;
  }
  if (current.nodeType !== Node.ELEMENT_NODE) {
    if (current.nodeValue !== next.nodeValue) current.nodeValue = next.nodeValue;
    return current;
  }
  for (const { name } of [...current.attributes]) {
    if (!next.hasAttribute(name)) current.removeAttribute(name);
  }
  for (const { name, value } of next.attributes) {
    if (current.getAttribute(name) !== value) current.setAttribute(name, value);
  }
  const currentChildren = [...current.childNodes];
  const nextChildren = [...next.childNodes];
  nextChildren.forEach((child, index) => {
    if (index < currentChildren.length) morph(currentChildren[index], child);
    else current.append(child);
  });
  for (const extra of currentChildren.slice(nextChildren.length)) extra.remove();
  return current;
}
