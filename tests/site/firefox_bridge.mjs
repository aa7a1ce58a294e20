// Firefox driven over WebDriver BiDi by puppeteer-core, for the Python tests
// (tests/site/engines.py starts it; Playwright cannot drive a stock Firefox ESR).
//
// JSON lines: Python writes {"id": n, "cmd": name, ...arguments} on stdin; the bridge
// answers {"id": n, "ok": true, "result": ...} or {"id": n, "ok": false, "error": text}
// on stdout, and writes what the pages report as {"event": kind, "tab": n, ...} at any
// time: console errors, uncaught errors, failed requests, responses >= 400 and
// requests off the site. One browser; tabs are numbered, each in a browser context of
// its own (its own cookies, storage and cache: a fresh profile for the tests). The
// checks are in Python, which sends JavaScript functions as source text.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const FIREFOX = process.env.FIREFOX_PATH || "/usr/bin/firefox-esr";

// Preferences that keep a new profile from calling outside hosts, on top of
// puppeteer's own (which turn most of it off already).
const PREFERENCES = {
  "app.normandy.enabled": false,
  "browser.region.network.url": "",
  "browser.safebrowsing.update.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "media.gmp-manager.url": "",
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "network.dns.disablePrefetch": true,
  "network.prefetch-next": false,
};

// The page's CSP violations as console errors, as the Chromium tests log them.
const REPORT_POLICY_VIOLATIONS = `addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.effectiveDirective + " blocked " + event.blockedURI);
});`;

let browser = null;
const tabs = new Map();
let lastTab = 0;

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

function watch(page, tab, site) {
  const note = (event, fields) => send({ event, tab, ...fields });
  page.on("console", (message) => {
    if (message.type() === "error") note("console error", { text: message.text() });
  });
  page.on("pageerror", (error) => note("page error", { text: String(error?.message ?? error) }));
  page.on("request", (request) => {
    const url = request.url();
    if (/^(https?|wss?):/.test(url) && new URL(url).origin !== site) note("request off the site", { text: url });
  });
  page.on("requestfailed", (request) => {
    note("failed request", { text: `${request.failure()?.errorText ?? ""} ${request.url()}` });
  });
  page.on("response", (response) => {
    if (response.status() >= 400) note("failed request", { text: `${response.status()} ${response.url()}` });
  });
}

const call = (source, args) => `(${source})(...${JSON.stringify(args ?? [])})`;
const tabOf = (tab) => tabs.get(tab).page;

const commands = {
  async launch({ headless = true }) {
    const started = performance.now();
    browser = await puppeteer.launch({
      browser: "firefox", executablePath: FIREFOX, headless,
      extraPrefsFirefox: PREFERENCES,
      defaultViewport: { width: 1280, height: 800 },
      protocolTimeout: 120_000,
    });
    return { version: await browser.version(), ms: performance.now() - started };
  },
  // A tab in a new browser context, with `cookies` set for `site` (an origin).
  async open({ site, cookies = {} }) {
    const context = await browser.createBrowserContext();
    const { hostname } = new URL(site);
    if (Object.keys(cookies).length) {
      await context.setCookie(...Object.entries(cookies).map(([name, value]) => ({ name, value, domain: hostname, path: "/" })));
    }
    const page = await context.newPage();
    const tab = ++lastTab;
    tabs.set(tab, { context, page });
    watch(page, tab, site);
    await page.evaluateOnNewDocument(REPORT_POLICY_VIOLATIONS);
    page.setDefaultTimeout(60_000);
    return { tab, userAgent: await page.evaluate(() => navigator.userAgent) };
  },
  async close({ tab }) {
    const { context } = tabs.get(tab);
    tabs.delete(tab);
    await context.close();
    return null;
  },
  async goto({ tab, url, timeout = 60_000 }) {
    await tabOf(tab).goto(url, { waitUntil: "load", timeout });
    return null;
  },
  // NOTE: a call whose page loads another document meanwhile can be left unanswered by
  // Firefox, its promise waiting for good: the next document's arrival ends it, as
  // the loss of its context (the tests' waits then ask the new document).
  async evaluate({ tab, source, args }) {
    const page = tabOf(tab);
    let replaced;
    const documentReplaced = new Promise((resolve, reject) => {
      replaced = () => reject(new Error("Execution context was destroyed: another document loaded"));
      page.once("domcontentloaded", replaced);
    });
    documentReplaced.catch(() => {}); // once the call has answered, nobody awaits it
    try {
      return await Promise.race([page.evaluate(call(source, args)), documentReplaced]);
    } finally {
      page.off("domcontentloaded", replaced);
    }
  },
  // Replaces what a text control holds by typing `text`, key by key.
  async type({ tab, selector, text }) {
    const page = tabOf(tab);
    await page.$eval(selector, (control) => {
      control.scrollIntoView({ block: "center" });
      control.focus();
      control.select?.();
    });
    await page.keyboard.type(text);
    return null;
  },
  // Types `keys` into the focused control: text, or {key} for a named key (Tab).
  async keys({ tab, keys }) {
    const { keyboard } = tabOf(tab);
    for (const key of keys) {
      if (typeof key === "string") await keyboard.type(key);
      else await keyboard.press(key.key);
    }
    return null;
  },
  async select({ tab, selector, value }) {
    return tabOf(tab).select(selector, value);
  },
  async click({ tab, selector }) {
    await tabOf(tab).click(selector);
    return null;
  },
  async hover({ tab, selector }) {
    await tabOf(tab).hover(selector);
    return null;
  },
  async url({ tab }) {
    return tabOf(tab).url();
  },
  async quit() {
    if (browser) await browser.close();
    browser = null;
    return null;
  },
};

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", async (line) => {
  const { id, cmd, ...args } = JSON.parse(line);
  try {
    send({ id, ok: true, result: (await commands[cmd](args)) ?? null });
  } catch (error) {
    send({ id, ok: false, error: String(error?.stack ?? error) });
  }
});
// Python closed stdin (done, or gone): close the browser, then end.
lines.on("close", async () => {
  try {
    if (browser) await browser.close();
  } finally {
    process.exit(0);
  }
});
