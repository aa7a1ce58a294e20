// "Try it" panels: every [data-try-it] element the build rendered becomes live.
//
// One simulator worker serves the whole visit: it starts when a panel comes
// into view (or on the first interaction, or at once for a link to a panel)
// and, with Material's instant navigation, lives across page changes. Texts
// and locale data come from the page; results are built as DOM nodes from text,
// never parsed as HTML, and laid over the result shown so that only what
// changed is touched.
import { amountFromInput, amountToInput, formatAmount, formatDay } from "./__FORMATS__";

const WORKER_URL = new URL("./__WORKER__", import.meta.url);
const START_TIMEOUT_MS = 20000;
const CALL_TIMEOUT_MS = 4000;
// A panel's scenario in the URL: #try-it-1=<base64url JSON>, by the panel's id,
// which is the same in every language (the same panels in the same order).
const fragmentKey = (panel) => `${panel.root.id}=`;
const MAX_FRAGMENT_LENGTH = 8192;
// The address follows the form once typing pauses: each change of the address
// costs milliseconds (and makes the browser fetch the favicon again).
const ADDRESS_DELAY_MS = 400;
const SVG = "http://www.w3.org/2000/svg";

// --- The worker client: one ready promise, calls with ids and timeouts ----------

class SimulatorClient {
  constructor(url) {
    this.url = url;
    this.worker = null;
    this.ready = null;
    this.pending = new Map();
    this.nextId = 1;
    this.starts = 0;
    this.listeners = new Set();
  }

  onProgress(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get isReady() {
    return this.readyState === "ready";
  }

  start() {
    if (this.ready) return this.ready;
    this.starts += 1;
    document.documentElement.dataset.tryItStarts = String(this.starts);
    this.readyState = "loading";
    // Started by the page for a link to a panel (overrides/main.html): adopted once.
    const early = window.tryItEarlyStart;
    window.tryItEarlyStart = undefined;
    const worker = early?.worker ?? new Worker(this.url, { type: "module" });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const fail = (reason) => {
        clearTimeout(timer);
        this.readyState = "failed";
        this.stop(reason);
        reject(reason);
      };
      // A start can hang (a stalled download, a runtime that never answers): bound it.
      const timer = setTimeout(() => fail(new Error("start timed out")), START_TIMEOUT_MS);
      const onMessage = ({ data }) => {
        if (data.type === "progress") this.listeners.forEach((l) => l(data.stage));
        else if (data.type === "ready") {
          clearTimeout(timer);
          this.readyState = "ready";
          this.startedFrom = data.start; // "snapshot", or why it was not (tests, benchmark)
          this.listeners.forEach((l) => l("ready"));
          resolve();
        } else if (data.type === "failed") fail(new Error(data.error));
        else this.settle(data);
      };
      const onError = (event) => {
        event.preventDefault();
        fail(new Error(event.message || "worker error"));
      };
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", onError);
      if (early) {
        worker.removeEventListener("message", early.keep);
        worker.removeEventListener("error", early.keep);
        for (const event of early.events) (event.type === "error" ? onError : onMessage)(event);
      }
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  settle({ id, ok, result, error }) {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    if (ok) call.resolve(result);
    else call.reject(new Error(error));
  }

  stop(reason) {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.ready = null;
    for (const call of this.pending.values()) call.reject(reason);
    this.pending.clear();
  }

  async evaluate(scenarioJson) {
    await this.start();
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        // A runaway call cannot be interrupted: replace the worker.
        this.pending.delete(id);
        const error = new Error("timeout");
        error.isTimeout = true;
        reject(error);
        this.stop(error);
        this.start();
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (reason) => { clearTimeout(timer); reject(reason); },
      });
      worker.postMessage({ id, scenario: scenarioJson });
    });
  }
}

const client = new SimulatorClient(WORKER_URL);
window.tryItClient = client; // for the tests and the benchmark: starts, state

// --- Scenarios: from the form, to the URL fragment and back --------------------

function setPath(target, path, value) {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key];
  }
  if (value === undefined) delete node[keys.at(-1)];
  else node[keys.at(-1)] = value;
}

function getPath(source, path) {
  let node = source;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function controlValue(panel, name) {
  const controls = (panel.controls.get(name) ?? []).filter((c) => !c.disabled);
  if (!controls.length) return undefined;
  const first = controls[0];
  const type = first.dataset.type;
  if (first.type === "radio") {
    const checked = controls.find((c) => c.checked);
    return checked && checked.value !== "" ? checked.value : undefined;
  }
  if (type === "bool") return first.checked;
  const raw = first.value.trim();
  if (raw === "") return undefined;
  if (type === "int") return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === "amount") return amountFromInput(raw, panel.formats);
  return raw;
}

// The form's controls by name (radios share one), found once.
function controlsByName(form) {
  const controls = new Map();
  for (const control of form.elements) {
    if (!control.name) continue;
    if (!controls.has(control.name)) controls.set(control.name, []);
    controls.get(control.name).push(control);
  }
  return controls;
}

function scenarioFrom(panel) {
  const scenario = structuredClone(panel.preset);
  for (const name of panel.controls.keys()) setPath(scenario, name, controlValue(panel, name));
  if (scenario.change && Object.keys(scenario.change).length === 0 && panel.kind !== "add_subscription") {
    delete scenario.change;
  }
  scenario.locale = panel.locale;
  return scenario;
}

function encodeFragment(panel, scenario) {
  const { locale, ...shared } = scenario; // the page's language is the reader's
  const bytes = new TextEncoder().encode(JSON.stringify(shared));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return fragmentKey(panel) + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Returns the panel's scenario object in the fragment, null if there is none, or throws.
function decodeFragment(panel, hash) {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!fragment.startsWith(fragmentKey(panel))) return null;
  const encoded = fragment.slice(fragmentKey(panel).length);
  if (encoded.length > MAX_FRAGMENT_LENGTH || !/^[A-Za-z0-9_-]*$/.test(encoded)) {
    throw new Error("not base64url");
  }
  const binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
  return value;
}

function fillForm(panel, scenario) {
  for (const [name, controls] of panel.controls) {
    const value = getPath(scenario, name);
    for (const control of controls) {
      if (control.type === "radio") control.checked = String(value ?? "") === control.value;
      else if (control.type === "checkbox") control.checked = value === true;
      else if (control.tagName === "SELECT") {
        if (name.endsWith("product")) control.value = String(value ?? "");
        if (name.endsWith("product")) refreshTiers(panel);
        const wanted = String(value ?? "");
        if ([...control.options].some((o) => o.value === wanted)) control.value = wanted;
      } else if (value === undefined || value === null) control.value = "";
      else control.value = control.dataset.type === "amount" ? amountToInput(value, panel.formats) : String(value);
    }
  }
}

// --- Rendering ---------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

function formats(panel, currency) {
  return {
    amount: (text) => formatAmount(text, currency, panel.formats),
    day: (iso) => formatDay(iso, panel.formats),
  };
}

// Lays `next`, a fresh rendering, over `current`: where the two have the same
// shape only changed texts and attributes are written, so the browser restyles
// and lays out only those; elsewhere `next`'s nodes take over. Returns the node
// now in the page.
function morph(current, next) {
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

function setStatus(panel, text) {
  if (panel.status.textContent !== text) panel.status.textContent = text;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

function renderResult(panel, result) {
  const { texts } = panel;
  const quote = result.quote;
  const format = formats(panel, quote?.currency);
  const box = el("div", { class: "try-it__result", "data-result": "", "data-origin": "live" });
  box.append(el("h3", { class: "try-it__result-title" }, texts["panel.result"]));
  const summary = el("strong", {}, result.summary.text);
  box.append(result.verdict
    ? el("p", { class: "try-it__verdict", "data-verdict": result.verdict }, summary)
    : el("p", { class: "try-it__summary", "data-outcome": result.outcome }, summary));
  const channel = el("p", { class: "try-it__channel", "data-channel": result.channel.id }, `${texts["result.where"]} `);
  const url = result.channel.url;
  channel.append(url && url.startsWith("https://") ? el("a", { href: url }, result.channel.name) : result.channel.name);
  box.append(channel);
  if (quote) {
    const body = el("tbody");
    for (const key of ["credit", "charge", "balance_applied", "amount_due", "balance_after"]) {
      body.append(el("tr", { "data-row": key }, el("th", { scope: "row" }, texts[`result.${key}`]),
        el("td", { "data-amount": quote[key] }, format.amount(quote[key]))));
    }
    const range = fill(texts["result.period_range"], { start: format.day(quote.period_start), end: format.day(quote.period_end) });
    body.append(el("tr", { "data-row": "new_period" }, el("th", { scope: "row" }, texts["result.new_period"]),
      el("td", { "data-start": quote.period_start, "data-end": quote.period_end }, range)));
    box.append(el("table", { class: "try-it__quote", "data-quote": "" }, el("caption", {}, texts["result.quote"]), body));
    box.append(timeline(panel, quote, format));
  }
  if (result.renewal_date) {
    box.append(el("p", { class: "try-it__renewal", "data-renewal": result.renewal_date },
      `${texts["result.renewal"]} ${format.day(result.renewal_date)}`));
  }
  if (result.steps.length) {
    box.append(el("ol", { class: "try-it__steps" },
      ...result.steps.map((step) => el("li", { "data-step": step.id }, step.text))));
  }
  for (const notice of result.notices) {
    box.append(el("div", { class: "admonition note try-it__notice", "data-notice": notice.id },
      el("p", { class: "admonition-title" }, texts["result.notes"]), el("p", {}, notice.text)));
  }
  panel.result = morph(panel.result, box);
  // Announced, and shown just under the form, so a reader who edits it sees the
  // figure that matters without scrolling to the result.
  setStatus(panel, quote
    ? fill(texts["status.amount_due"], { summary: result.summary.text, amount: format.amount(quote.amount_due) })
    : result.summary.text);
}

// An inline SVG of the billing period: used days, credited unused days, the new period.
function timeline(panel, quote, format) {
  const { texts } = panel;
  const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
  const start = quote.old_period_start ? day(quote.old_period_start) : day(quote.period_start);
  const end = Math.max(day(quote.period_end), quote.old_period_end ? day(quote.old_period_end) : 0);
  const width = 600;
  const x = (iso) => 10 + ((day(iso) - start) / Math.max(1, end - start)) * (width - 20);
  const description = quote.old_period_start
    ? fill(texts["timeline.description"], {
      old_start: format.day(quote.old_period_start), old_end: format.day(quote.old_period_end),
      today: format.day(quote.period_start), unused: quote.unused_days,
      new_start: format.day(quote.period_start), new_end: format.day(quote.period_end) })
    : fill(texts["timeline.new_only"], { new_start: format.day(quote.period_start), new_end: format.day(quote.period_end) });
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "try-it__timeline");
  svg.setAttribute("viewBox", `0 0 ${width} 96`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${texts["timeline.title"]} ${description}`);
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  add("title", {}, description);
  const bar = (from, to, y, cls, label) => {
    add("rect", { x: x(from), y, width: Math.max(2, x(to) - x(from)), height: 18, class: cls });
    add("text", { x: x(from) + 4, y: y + 13, class: "try-it__timeline-label" }, label);
  };
  if (quote.old_period_start) {
    bar(quote.old_period_start, quote.period_start, 8, "try-it__timeline-used", texts["timeline.old_period"]);
    bar(quote.period_start, quote.old_period_end, 8, "try-it__timeline-credited",
      `${texts["timeline.credited"]} (${quote.unused_days})`);
  }
  bar(quote.period_start, quote.period_end, 40, "try-it__timeline-new", texts["timeline.new_period"]);
  add("line", { x1: x(quote.period_start), x2: x(quote.period_start), y1: 2, y2: 64, class: "try-it__timeline-today" });
  add("text", { x: x(quote.period_start), y: 80, class: "try-it__timeline-date", "text-anchor": "middle" },
    `${texts["timeline.today"]}: ${format.day(quote.period_start)}`);
  return svg;
}

function clearErrors(panel) {
  if (!panel.hasErrors) return;
  panel.hasErrors = false;
  for (const node of panel.root.querySelectorAll(".try-it__error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of panel.form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  panel.formErrors.hidden = true;
  panel.formErrors.querySelector("ul").replaceChildren();
}

function showErrors(panel, errors) {
  clearErrors(panel);
  panel.hasErrors = true;
  const elsewhere = [];
  for (const error of errors) {
    const field = panel.root.querySelector(`[data-field="${CSS.escape(error.field)}"]`);
    const message = field?.querySelector(".try-it__error");
    if (!message) {
      elsewhere.push(error);
      continue;
    }
    message.textContent = message.textContent ? `${message.textContent} ${error.text}` : error.text;
    message.hidden = false;
    for (const control of field.querySelectorAll("input, select")) control.setAttribute("aria-invalid", "true");
  }
  if (elsewhere.length) {
    panel.formErrors.querySelector("ul").replaceChildren(
      ...elsewhere.map((error) => el("li", {}, `${error.field}: ${error.text}`)));
    panel.formErrors.hidden = false;
  }
  setStatus(panel, errors.map((e) => e.text).join(" "));
}

// --- The panel ------------------------------------------------------------------------

function setState(panel, state, message) {
  if (panel.root.dataset.state !== state) panel.root.dataset.state = state;
  if (message !== undefined) setStatus(panel, message);
}

// The billing-contact finder asks one question after another: only the answers
// the chosen place can show, and the portal question only where it decides.
function applyFlow(panel) {
  const { flow } = panel;
  if (!flow.saw) return;
  const allowed = flow.saw[controlValue(panel, "signed_in_to")] ?? [];
  for (const radio of panel.form.querySelectorAll('input[name="saw"]')) {
    const isAllowed = allowed.includes(radio.value);
    radio.closest("label").hidden = !isAllowed;
    radio.disabled = !isAllowed;
    if (!isAllowed) radio.checked = false;
  }
  const isPortalAsked = flow.portal_sign_in.includes(controlValue(panel, "saw"));
  const portal = panel.root.querySelector('[data-field="portal_sign_in"]');
  portal.hidden = !isPortalAsked;
  for (const radio of portal.querySelectorAll("input")) radio.disabled = !isPortalAsked;
}

function refreshTiers(panel) {
  for (const [tierName, productNames] of [["subscription.tier", ["subscription.product"]],
    ["change.tier", ["change.product", "subscription.product"]]]) {
    const select = panel.form.querySelector(`select[name="${tierName}"]`);
    if (!select) continue;
    const product = productNames.map((n) => controlValue(panel, n) ?? getPath(panel.preset, n)).find(Boolean);
    const tiers = panel.tiers[product] ?? [];
    const keep = select.querySelector('option[value=""]');
    const current = select.value;
    select.replaceChildren(...(keep ? [keep] : []), ...tiers.map(([value, label]) => el("option", { value }, label)));
    select.value = [...select.options].some((o) => o.value === current) ? current : select.options[0]?.value ?? "";
  }
}

async function evaluate(panel, scenario) {
  const sequence = ++panel.sequence;
  const scenarioJson = JSON.stringify(scenario);
  try {
    const result = JSON.parse(await client.evaluate(scenarioJson));
    if (sequence !== panel.sequence) return; // a newer input already won
    if (result.errors) showErrors(panel, result.errors);
    else {
      clearErrors(panel);
      renderResult(panel, result);
    }
    setState(panel, "ready");
    panel.root.dataset.evaluations = String(Number(panel.root.dataset.evaluations || 0) + 1);
  } catch (error) {
    if (sequence !== panel.sequence) return;
    if (error.isTimeout) setState(panel, "ready", panel.texts["panel.busy_restarted"]);
    else failed(panel);
  }
}

function failed(panel) {
  setState(panel, "error", panel.texts["panel.failed"]);
  panel.retry.hidden = false;
}

// The address carries the panel's scenario, to share or to come back to. It
// follows the form once typing pauses, and at once when the reader may be
// leaving: a click (a link, the language switcher) or the page going away.
// A panel no longer on the page (instant navigation) leaves the address alone.
const addressesDue = new Set();

function writeAddress(panel) {
  clearTimeout(panel.addressTimer);
  addressesDue.delete(panel);
  if (panel.root.isConnected) {
    history.replaceState(history.state, "", `#${encodeFragment(panel, panel.addressScenario)}`);
  }
}

for (const type of ["click", "auxclick", "pagehide"]) {
  addEventListener(type, () => addressesDue.forEach(writeAddress), { capture: true });
}

function update(panel) {
  const scenario = scenarioFrom(panel);
  if (panel.root.dataset.state !== "error") evaluate(panel, scenario);
  panel.addressScenario = scenario;
  clearTimeout(panel.addressTimer);
  panel.addressTimer = setTimeout(() => writeAddress(panel), ADDRESS_DELAY_MS);
  addressesDue.add(panel);
}

function startPanel(panel) {
  if (panel.started) return;
  panel.started = true;
  if (!client.isReady) setState(panel, "loading", panel.texts["panel.loading"]);
  const stop = client.onProgress((stage) => {
    if (stage === "runtime") setStatus(panel, panel.texts["panel.loading_runtime"]);
    if (stage === "rules") setStatus(panel, panel.texts["panel.loading_rules"]);
  });
  client.start().then(() => {
    stop();
    setStatus(panel, panel.texts["panel.ready"]);
    evaluate(panel, panel.pendingScenario ?? scenarioFrom(panel));
    panel.pendingScenario = null;
  }, () => {
    stop();
    failed(panel);
  });
}

function restoreFromFragment(panel) {
  let scenario;
  try {
    scenario = decodeFragment(panel, location.hash);
  } catch {
    panel.linkProblem = true;
    return;
  }
  if (!scenario) return;
  fillForm(panel, scenario);
  panel.isLinked = true;
  // Evaluate what the link says, so the simulator reports its problems at the fields.
  panel.pendingScenario = { ...structuredClone(panel.preset), ...scenario, kind: panel.kind, locale: panel.locale };
}

function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const panel = {
    root,
    kind: root.dataset.kind,
    locale: root.dataset.locale,
    preset: JSON.parse(root.dataset.preset),
    tiers: JSON.parse(root.dataset.tiers),
    texts: JSON.parse(root.dataset.texts),
    flow: JSON.parse(root.dataset.flow || "{}"),
    formats: JSON.parse(root.dataset.formats),
    form: root.querySelector("form"),
    status: root.querySelector("[data-status]"),
    formErrors: root.querySelector("[data-form-errors]"),
    result: root.querySelector("[data-result]"),
    sequence: 0,
    started: false,
    pendingScenario: null,
  };
  panel.controls = controlsByName(panel.form);
  const copy = root.querySelector(".try-it__copy");
  copy.hidden = false;
  root.querySelector(".try-it__controls").disabled = false;
  panel.copied = el("textarea", { class: "try-it__json", readonly: "", rows: "8", hidden: "",
    "aria-label": panel.texts["panel.copy_json"] });
  copy.after(panel.copied);
  panel.retry = el("button", { type: "button", class: "md-button try-it__retry", hidden: "" }, panel.texts["panel.retry"]);
  panel.status.after(panel.retry);
  panel.retry.addEventListener("click", () => {
    panel.retry.hidden = true;
    panel.started = false;
    startPanel(panel);
  });
  restoreFromFragment(panel);
  applyFlow(panel);
  if (panel.linkProblem) {
    // Kept apart from the status line, which the start's progress overwrites.
    panel.status.before(el("p", { class: "try-it__link-problem", "data-link-problem": "" },
      panel.texts["panel.link_invalid"]));
  }
  if (panel.isLinked || panel.linkProblem) root.scrollIntoView({ block: "start" }); // a shared link leads here

  // The inputs of one task (a product change that resets the tier) make one evaluation,
  // answered before the next frame: waiting for a frame would cost one.
  let queued = false;
  panel.form.addEventListener("input", (event) => {
    if (event.target.name?.endsWith("product")) refreshTiers(panel);
    applyFlow(panel);
    startPanel(panel);
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      update(panel);
    });
  });
  panel.form.addEventListener("submit", (event) => event.preventDefault());
  panel.form.addEventListener("focusin", () => startPanel(panel), { once: true });
  copy.addEventListener("click", async () => {
    const text = JSON.stringify(scenarioFrom(panel), null, 2);
    panel.copied.value = text;
    root.dataset.copied = text;
    try {
      await navigator.clipboard.writeText(text);
      panel.copied.hidden = true;
      setStatus(panel, panel.texts["panel.copied"]);
    } catch {
      // No clipboard here (permissions, an insecure origin): show the JSON, selected.
      panel.copied.hidden = false;
      panel.copied.focus();
      panel.copied.select();
      setStatus(panel, panel.texts["panel.copy_failed"]);
    }
  });
  setState(panel, client.isReady ? "ready" : "idle");
  if (client.isReady || panel.pendingScenario) startPanel(panel);
  else {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        startPanel(panel);
      }
    });
    observer.observe(root);
  }
}

// On a page's first load each panel mounts in a task of its own, not in
// Material's page-setup task: the main thread stays free between them (no long
// task made longer by the panels). After an instant navigation the simulator is
// already running: the panels mount at once, so that their questions reach the
// worker while the browser is still busy showing the new page.
function mountAll() {
  for (const root of document.querySelectorAll("[data-try-it]")) {
    if (client.isReady) mount(root);
    else setTimeout(() => mount(root));
  }
}

// A link to a panel (a shared scenario, a link from support) has the page start
// the calculator (overrides/main.html); it is adopted as soon as this module runs.
// Other panels start when they come into view.
if (window.tryItEarlyStart) client.start();

// Material's document$ emits on every page, instant navigations included.
function whenParsed(run) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
}
whenParsed(() => {
  if (window.document$) window.document$.subscribe(mountAll);
  else mountAll();
});
