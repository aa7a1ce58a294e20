// The first script of every page the tests' host serves to a browser that asks for it
// (tests/site/host.py): for WebDriver classic (WebKitWebDriver), which has no log of the
// page and no script run at a document's start. It keeps, from the page's first script
// on, what the Chromium tests learn from Playwright's events, in window.__problems:
// uncaught errors, unhandled rejections, console.error calls, elements that failed to
// load, and the page's Content-Security-Policy violations (a worker's reach the host
// through report-uri, where the engine sends them). Same origin, so `script-src 'self'`
// lets it run: the page's policy is unchanged.
(() => {
  const problems = (window.__problems = []);
  const note = (kind, text) => problems.push(`${kind}: ${String(text).slice(0, 500)}`);
  addEventListener("error", (event) => {
    // An element that failed to load (img, script, link) reports here too, without a message.
    if (event.target && event.target !== window) {
      note("failed request", event.target.src || event.target.href || event.target.tagName);
    } else note("page error", `${event.message} (${event.filename}:${event.lineno})`);
  }, true);
  addEventListener("unhandledrejection", (event) => note("page error", event.reason?.stack || event.reason));
  addEventListener("securitypolicyviolation", (event) =>
    note("console error", `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI}`));
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    note("console error", args.map(String).join(" "));
    consoleError(...args);
  };
})();
