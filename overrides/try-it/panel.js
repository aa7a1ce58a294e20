// "Try it" panels: every [data-try-it] element the build rendered becomes live.
//
// The module the pages load (overrides/main.html). One simulator worker serves
// the whole visit (client.js): it starts when a panel comes into view (or on the
// first interaction, or at once for a link to a panel) and, with Material's
// instant navigation, lives across page changes. The modules beside this one:
// form.js (a panel's form and behaviour), view.js (the result box), link.js (a
// scenario in the address), formats.js (amounts and dates), worker.js with
// snapshot.js (the simulator on the site's own Pyodide), and runtime.js, which
// the build writes.
import { client } from "./client.js";
import { mount } from "./form.js";

// On a page's first load each panel mounts in a task of its own, not in
// Material's page-setup task: the main thread stays free between them (no long
// task made longer by the panels). After an instant navigation the simulator is
// already running: the panels mount at once, so that their questions reach the
// worker while the browser is still busy showing the new page.
function mountAll() {
  performance.mark("try-it:page"); // a page is in place (the benchmark's B3 starts here)
  for (const root of document.querySelectorAll("[data-try-it]")) {
    if (client.isReady) mount(root);
    else setTimeout(() => mount(root));
  }
  releaseWorker();
}

// A link to a panel (a shared scenario, a link from support) has the page start
// the calculator (overrides/main.html); it is adopted as soon as this module runs,
// and goes on with its start once Material has set the page up (in the task after
// the one that mounts the panels): until then, a core is the page's. Waiting for
// the next frame as well cost WebKit some 35 ms of the start (its first frames
// come late while a page loads), and Chromium's longest task nothing measurable.
// Other panels start when they come into view.
let workerHeld = Boolean(window.tryItEarlyStart);
if (workerHeld) client.start();

function releaseWorker() {
  if (!workerHeld) return;
  workerHeld = false;
  setTimeout(() => client.pageSetUp()); // after the mounting task
}

// Material's document$ emits on every page, instant navigations included.
function whenParsed(run) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
}
whenParsed(() => {
  if (window.document$) window.document$.subscribe(mountAll);
  else mountAll();
});
