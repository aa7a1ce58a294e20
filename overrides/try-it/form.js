// One "Try it" panel made live: its form becomes a scenario, the simulator's answer
// a result laid over the one shown, and the address follows the form.
//
// A panel is the element the build rendered (partials/try-it.html): its preset and
// flow are in its data-panel attribute, and what the page's panels share (texts,
// locale data, tiers, sections) in the page's data-try-it-page element. It exposes its
// state as data-state="idle|loading|ready|error" (CSS and the tests wait on it)
// and counts its answers in data-evaluations.
import { client } from "./client.js";
import { amountFromInput, amountToInput } from "./formats.js";
import { decodeFragment, encodeFragment } from "./link.js";
import { h, morph, resultStatus, resultView, toDom } from "./view.js";

// The address follows the form once typing pauses: each change of the address
// costs milliseconds (and makes the browser fetch the favicon again).
const ADDRESS_DELAY_MS = 400;

// --- Scenarios: from the form and back --------------------------------------------------

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
    select.replaceChildren(...(keep ? [keep] : []), ...tiers.map(([value, label]) => toDom(h("option", { value }, label))));
    select.value = [...select.options].some((o) => o.value === current) ? current : select.options[0]?.value ?? "";
  }
}

// --- What the panel shows ---------------------------------------------------------------

function setStatus(panel, text) {
  if (panel.status.textContent !== text) panel.status.textContent = text;
}

function setState(panel, state, message) {
  if (panel.root.dataset.state !== state) panel.root.dataset.state = state;
  if (message !== undefined) setStatus(panel, message);
}

function showResult(panel, result) {
  panel.result = morph(panel.result, toDom(resultView(result, panel.texts, panel.formats,
    { isLive: true, sections: panel.sections })));
  // Announced, and shown just under the form.
  setStatus(panel, resultStatus(result, panel.texts, panel.formats));
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
      ...elsewhere.map((error) => toDom(h("li", {}, `${error.field}: ${error.text}`))));
    panel.formErrors.hidden = false;
  }
  setStatus(panel, errors.map((e) => e.text).join(" "));
}

// The page's first live answer, as a User Timing mark: what the benchmark reads in
// every browser (the time from navigation start to it).
const FIRST_LIVE = "try-it:first-live";

function markFirstLive() {
  if (!performance.getEntriesByName(FIRST_LIVE, "mark").length) performance.mark(FIRST_LIVE);
}

function failed(panel) {
  setState(panel, "error", panel.texts["panel.failed"]);
  panel.retry.hidden = false;
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
      showResult(panel, result);
    }
    setState(panel, "ready");
    panel.root.dataset.evaluations = String(Number(panel.root.dataset.evaluations || 0) + 1);
    markFirstLive();
  } catch (error) {
    if (sequence !== panel.sequence) return;
    if (error.isTimeout) setState(panel, "ready", panel.texts["panel.busy_restarted"]);
    else failed(panel);
  }
}

// --- The address ------------------------------------------------------------------------

// The address carries the panel's scenario, to share or to come back to. It
// follows the form once typing pauses, and at once when the reader may be
// leaving: a click (a link, the language switcher) or the page going away.
// A panel no longer on the page (instant navigation) leaves the address alone.
const addressesDue = new Set();

function writeAddress(panel) {
  clearTimeout(panel.addressTimer);
  addressesDue.delete(panel);
  if (panel.root.isConnected) {
    history.replaceState(history.state, "", `#${encodeFragment(panel.root.id, panel.addressScenario)}`);
  }
}

for (const type of ["click", "auxclick", "pagehide"]) {
  addEventListener(type, () => addressesDue.forEach(writeAddress), { capture: true });
}

// Date fields a reader has begun but not finished: the field has no value yet, though
// it shows something (a browser that fills one part of a date per keystroke, as
// WebKit does for typed digits, leaves the others blank). Said at the field, rather
// than sending the simulator no date at all.
function unfinishedDates(panel) {
  return [...panel.form.querySelectorAll('input[type="date"]')]
    .filter((control) => !control.disabled && control.validity.badInput)
    .map((control) => ({ field: control.name, text: panel.texts["error.unfinished_date"] }));
}

function update(panel) {
  const scenario = scenarioFrom(panel);
  const unfinished = unfinishedDates(panel);
  if (unfinished.length) {
    panel.sequence += 1; // an answer still on its way is for an older form
    showErrors(panel, unfinished);
  } else if (panel.root.dataset.state !== "error") evaluate(panel, scenario);
  panel.addressScenario = scenario;
  clearTimeout(panel.addressTimer);
  panel.addressTimer = setTimeout(() => writeAddress(panel), ADDRESS_DELAY_MS);
  addressesDue.add(panel);
}

function restoreFromAddress(panel) {
  let scenario;
  try {
    scenario = decodeFragment(panel.root.id, location.hash);
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

// --- The panel --------------------------------------------------------------------------

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
  }, () => {
    stop();
    failed(panel);
  });
  // Asked now, answered once the simulator is ready (client.evaluate).
  evaluate(panel, panel.pendingScenario ?? scenarioFrom(panel));
  panel.pendingScenario = null;
}

async function copyScenario(panel) {
  const text = JSON.stringify(scenarioFrom(panel), null, 2);
  panel.copied.value = text;
  panel.root.dataset.copied = text;
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
}

// What the panels of a page share, read once per page (instant navigation brings
// each page's own block).
const pagesData = new WeakMap();

function pageData(root) {
  const shared = root.ownerDocument.querySelector("[data-try-it-page]");
  if (!pagesData.has(shared)) pagesData.set(shared, JSON.parse(shared.dataset.tryItPage));
  return pagesData.get(shared);
}

// Makes the panel `root` live, once; it starts the simulator when it comes into
// view, on the first interaction, or at once for a link to it.
export function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const { preset, flow } = JSON.parse(root.dataset.panel);
  const { texts, formats, tiers, sections } = pageData(root);
  const panel = {
    root,
    kind: root.dataset.kind,
    locale: root.dataset.locale,
    preset,
    tiers,
    texts,
    flow,
    formats,
    sections,
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
  panel.copied = toDom(h("textarea", { class: "try-it__json", readonly: "", rows: "8", hidden: "",
    "aria-label": panel.texts["panel.copy_json"] }));
  copy.after(panel.copied);
  panel.retry = toDom(h("button", { type: "button", class: "md-button try-it__retry", hidden: "" },
    panel.texts["panel.retry"]));
  panel.status.after(panel.retry);
  panel.retry.addEventListener("click", () => {
    panel.retry.hidden = true;
    panel.started = false;
    startPanel(panel);
  });
  restoreFromAddress(panel);
  applyFlow(panel);
  if (panel.linkProblem) {
    // Kept apart from the status line, which the start's progress overwrites.
    panel.status.before(toDom(h("p", { class: "try-it__link-problem", "data-link-problem": "" },
      panel.texts["panel.link_invalid"])));
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
  copy.addEventListener("click", () => copyScenario(panel));
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
