"""Firefox and WebKit for the cross-engine pass: one small interface over two drivers.

Playwright drives the Chromium tests; it cannot drive a stock Firefox ESR, and its own
Firefox and WebKit builds are not Debian's. So:

    Firefox  firefox-esr, headless, over WebDriver BiDi through npm puppeteer-core
             (firefox_bridge.mjs, a Node child speaking JSON lines). A tab in a browser
             context of its own is a fresh profile (cookies, storage, cache).
    WebKit   WebKitGTK's MiniBrowser through WebKitWebDriver (W3C WebDriver classic)
             and Python selenium, on an Xvfb display started here (MiniBrowser has no
             headless mode). Each session is a fresh, in-memory profile.

A tab opens a URL, evaluates a JavaScript function given as source text (arguments and
result as JSON), waits in the page for a function to return something truthy, types,
selects, clicks, and lists the problems its pages reported: console errors, uncaught
errors, failed requests. The host (tests/site/host.py) logs the rest for both alike:
every response >= 400 and every Content-Security-Policy violation, a worker's included,
that the browser reports to it (HostLog).

FIREFOX_PATH, WEBKIT_DRIVER_PATH and MINIBROWSER_PATH point to other installations.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import urllib.request
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from queue import Empty, Queue

ENGINES = ("firefox", "webkit")
BRIDGE = Path(__file__).with_name("firefox_bridge.mjs")
ROOT = Path(__file__).resolve().parents[2]
# Asked of the tests' host with a cookie (tests/site/host.py): violations reported to it,
# and, for WebDriver classic, the probe that keeps the page's errors.
COOKIES = {"firefox": {"host-report-uri": "1"},
           "webkit": {"host-report-uri": "1", "host-probe": "1"}}
# Known noise, each with its reason; nothing else is let through.
IGNORED = {
    # A download cut short by leaving the page (Material's prefetches, the panel's runtime
    # still loading) is aborted, not missing: a missing file is a 404, which the host logs.
    # The Chromium tests let net::ERR_ABORTED through for the same reason.
    "firefox": ("NS_BINDING_ABORTED",),
    "webkit": (),
}

# Waits in the page for `condition(...args)` to be truthy, and returns {value, ms}: it
# checks at once, on every change of the DOM and at least every 50 ms (for what the DOM
# does not show, such as a worker's progress). A condition that throws is not met yet;
# the timeout says what it threw last. Tests never sleep.
# NOTE: the condition's source is pasted in, not eval()ed: the site's policy has no
# 'unsafe-eval', and WebKit applies it to WebDriver's own scripts.
WAIT_IN_PAGE = """(args, timeoutMs) => new Promise((resolve, reject) => {
  const condition = (__CONDITION__);
  const started = performance.now();
  let observer, timer, lastError = null;
  const finish = (settle, value) => { observer.disconnect(); clearInterval(timer); settle(value); };
  const check = () => {
    let value;
    try {
      value = condition(...args);
      lastError = null;
    } catch (error) {
      lastError = error;  // a document being replaced has no elements yet: not an answer
    }
    if (value) finish(resolve, { value, ms: performance.now() - started });
    else if (performance.now() - started > timeoutMs) {
      finish(reject, `timed out: ${condition}` + (lastError ? ` (it threw ${lastError})` : ""));
    }
  };
  observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  timer = setInterval(check, 50);
  check();
})"""

NAMED_KEYS = ("Tab", "Backspace")

# Focuses a control as a click on its start does: a date's first part, not the part
# focused last.
FOCUS_AFRESH = """(control) => {
  if (typeof control === "string") control = document.querySelector(control);
  control.scrollIntoView({ block: "center" });
  control.blur();
  control.focus();
}"""

# A wait begun just before the page goes (WebDriver classic returns from a click before
# the navigation it starts) ends with the old document; it is begun again in the new one.
NAVIGATED_AWAY = ("before the unload event", "Execution context was destroyed",
                  "frame was detached", "no such frame", "Cannot find context",
                  "Inspected target navigated or closed")


class Tab(ABC):
    """One tab of one engine: what the checks use, the same for every engine; each
    driver implements the abstract methods."""

    name: str
    user_agent: str

    @abstractmethod
    def open(self, url: str) -> None:
        """Load `url` and wait for its load event."""

    @abstractmethod
    def evaluate(self, source: str, *args):
        """Return `(source)(...args)` run in the page (a promise is awaited)."""

    def wait_for(self, source: str, *args, timeout: float = 60.0):
        """Wait until `(source)(...args)` is truthy in the page, across a navigation;
        return its value."""
        script = WAIT_IN_PAGE.replace("__CONDITION__", source)
        deadline = time.monotonic() + timeout
        while True:
            left = max(1.0, deadline - time.monotonic())
            try:
                return self.evaluate(script, list(args), left * 1000)["value"]
            except Exception as error:  # each driver has errors of its own
                if not any(text in str(error) for text in NAVIGATED_AWAY) or left <= 1.0:
                    raise

    @abstractmethod
    def type(self, selector: str, text: str) -> None:
        """Replace what a text control holds by typing `text`, key by key."""

    @abstractmethod
    def keys(self, selector: str, *keys: str) -> None:
        """Focus the control afresh and type `keys` into it: texts, or NAMED_KEYS."""

    @abstractmethod
    def select(self, selector: str, value: str) -> None:
        """Choose the option `value` of a <select>, as a reader does."""

    @abstractmethod
    def click(self, selector: str) -> None:
        """Click the element, brought into view first."""

    @abstractmethod
    def hover(self, selector: str) -> None:
        """Move the pointer over the element (Material's menus open on hover)."""

    @abstractmethod
    def url(self) -> str:
        """Return the address of the tab's document."""

    @abstractmethod
    def problems(self) -> list[str]:
        """Return what the tab's pages reported since the last clear()."""

    @abstractmethod
    def clear(self) -> None:
        """Forget the problems reported so far."""

    @abstractmethod
    def close(self) -> None:
        """Close the tab, and its profile with it."""

    def is_ignored(self, problem: str) -> bool:
        return any(text in problem for text in IGNORED[self.name])


# ---------------------------------------------------------------------------
# Firefox


class Firefox:
    """firefox-esr over WebDriver BiDi (puppeteer-core in a Node child): one browser."""

    name = "firefox"

    def __init__(self, timeout: float = 90.0) -> None:
        self.timeout = timeout
        self.events: dict[int, list[dict]] = {}
        self.replies: dict[int, Queue] = {}
        self.last = 0
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            ["node", str(BRIDGE)], cwd=ROOT, text=True, bufsize=1,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stderr: deque[str] = deque(maxlen=20)  # Node's last words, should it fail
        threading.Thread(target=self.read, daemon=True).start()
        threading.Thread(target=self.stderr.extend, args=(self.process.stderr,),
                         daemon=True).start()
        try:
            self.version = self.send("launch")["version"]
        except BaseException as error:
            self.quit()
            raise RuntimeError(f"Firefox did not start: {''.join(self.stderr)}") from error

    def read(self) -> None:
        for line in self.process.stdout:
            message = json.loads(line)
            if "event" in message:
                self.events.setdefault(message["tab"], []).append(message)
            elif message.get("id") in self.replies:
                self.replies[message["id"]].put(message)

    def send(self, cmd: str, **args):
        with self.lock:
            self.last += 1
            ident = self.last
            self.replies[ident] = Queue()
            self.process.stdin.write(json.dumps({"id": ident, "cmd": cmd, **args}) + "\n")
            self.process.stdin.flush()
        try:
            reply = self.replies[ident].get(timeout=self.timeout)
        except Empty:
            raise TimeoutError(f"Firefox: no answer to {cmd} in {self.timeout} s") from None
        finally:
            del self.replies[ident]
        if not reply["ok"]:
            raise RuntimeError(f"Firefox {cmd}: {reply['error'][:2000]}")
        return reply["result"]

    def tab(self, site: str, **cookies: str) -> FirefoxTab:
        """Return a tab in a new browser context (a fresh profile), with the host's
        cookies for `site` (tests/site/host.py), and `cookies`."""
        opened = self.send("open", site=site.rstrip("/"), cookies={**COOKIES["firefox"], **cookies})
        return FirefoxTab(self, opened["tab"], opened["userAgent"])

    def quit(self) -> None:
        with suppress(Exception):  # gone already: closing its input ends it anyway
            self.send("quit")
        self.process.stdin.close()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class FirefoxTab(Tab):
    name = "firefox"

    def __init__(self, browser: Firefox, tab: int, user_agent: str) -> None:
        self.browser, self.tab, self.user_agent = browser, tab, user_agent

    def send(self, cmd: str, **args):
        return self.browser.send(cmd, tab=self.tab, **args)

    def open(self, url: str) -> None:
        self.send("goto", url=url)

    def evaluate(self, source: str, *args):
        return self.send("evaluate", source=source, args=list(args))

    def type(self, selector: str, text: str) -> None:
        self.send("type", selector=selector, text=text)

    def keys(self, selector: str, *keys: str) -> None:
        self.evaluate(FOCUS_AFRESH, selector)
        self.send("keys", keys=[{"key": key} if key in NAMED_KEYS else key for key in keys])

    def select(self, selector: str, value: str) -> None:
        self.send("select", selector=selector, value=value)

    def click(self, selector: str) -> None:
        self.send("click", selector=selector)

    def hover(self, selector: str) -> None:
        self.send("hover", selector=selector)

    def url(self) -> str:
        return self.send("url")

    def problems(self) -> list[str]:
        found = [f"{event['event']}: {event['text']}"
                 for event in self.browser.events.get(self.tab, [])]
        return [problem for problem in found if not self.is_ignored(problem)]

    def clear(self) -> None:
        self.browser.events.get(self.tab, []).clear()

    def close(self) -> None:
        self.send("close")


# ---------------------------------------------------------------------------
# WebKit


class Xvfb:
    """An X display for MiniBrowser: Xvfb on a free number, which it picks itself."""

    def __init__(self, size: str = "1280x1024x24") -> None:
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", size, "-nolisten", "tcp"],
            pass_fds=[write_end], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_end)
        with os.fdopen(read_end) as reader:  # written once it accepts clients
            number = reader.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# A new session takes a few seconds, and up to about twenty on a busy machine.
SESSION_START_S = 60
SESSION_ATTEMPTS = 2


class WebKit:
    """WebKitGTK's MiniBrowser through WebKitWebDriver: a display, and sessions on it."""

    name = "webkit"

    def __init__(self) -> None:
        from selenium import webdriver  # only where WebKit is tested

        self.display = Xvfb()
        self.version = None
        self.webdriver = webdriver

    def tab(self, site: str, **cookies: str) -> WebKitTab:
        """Return a new session: MiniBrowser with a fresh, in-memory profile, with the
        host's cookies for `site` (tests/site/host.py), and `cookies`."""
        for attempt in range(SESSION_ATTEMPTS):
            try:
                driver = self.session()
                break
            except TimeoutError:
                if attempt + 1 == SESSION_ATTEMPTS:
                    raise
        self.version = driver.capabilities.get("browserVersion")
        return WebKitTab(driver, site, {**COOKIES["webkit"], **cookies})

    def session(self):
        """Return a new WebDriver session, or raise TimeoutError once SESSION_START_S pass.

        NOTE: WebKitWebDriver can wait for good for a MiniBrowser that never came up,
        and Selenium's request for the session has no time limit of its own: the driver
        is stopped then, which ends the request.
        """
        from selenium.webdriver.webkitgtk.service import Service

        options = self.webdriver.WebKitGTKOptions()
        if os.environ.get("MINIBROWSER_PATH"):
            options.binary_location = os.environ["MINIBROWSER_PATH"]
        options.add_argument("--automation")
        driver_path = os.environ.get("WEBKIT_DRIVER_PATH") or shutil.which("WebKitWebDriver")
        service = Service(executable_path=driver_path, log_output=subprocess.DEVNULL,
                          env={**os.environ, "DISPLAY": self.display.display})
        started: Queue = Queue()

        def start() -> None:
            try:
                started.put(self.webdriver.WebKitGTK(options=options, service=service))
            except Exception as error:  # noqa: BLE001 (the waiting thread raises it)
                started.put(error)

        threading.Thread(target=start, daemon=True).start()
        try:
            outcome = started.get(timeout=SESSION_START_S)
        except Empty:
            service.stop()
            raise TimeoutError(f"WebKit: no session in {SESSION_START_S} s") from None
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def quit(self) -> None:
        self.display.stop()


SCROLL_INTO_VIEW = "arguments[0].scrollIntoView({block: 'center'});"


class WebKitTab(Tab):
    """A WebDriver session; its pages' problems come from the host's probe (probe.js)."""

    name = "webkit"

    def __init__(self, driver, site: str, cookies: dict[str, str]) -> None:
        self.driver = driver
        self.seen: list[str] = []  # reported by the documents already left
        try:
            driver.set_window_rect(0, 0, 1280, 800)
            driver.set_script_timeout(120)
            driver.set_page_load_timeout(60)
            # Cookies are set on a document of the site: the probe's own script is one.
            driver.get(site + "__host/probe.js")
            for name, value in cookies.items():
                driver.add_cookie({"name": name, "value": value, "path": "/"})
            self.user_agent = driver.execute_script("return navigator.userAgent")
        except BaseException:
            driver.quit()
            raise

    def find(self, selector: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def keep_problems(self) -> None:
        """Keep the problems of the document about to be left."""
        self.seen += self.driver.execute_script("return window.__problems || [];")

    def open(self, url: str) -> None:
        self.keep_problems()
        self.driver.get(url)

    def evaluate(self, source: str, *args):
        script = ("const done = arguments[arguments.length - 1];"
                  "Promise.resolve().then(() => (" + source + ")(...arguments[0]))"
                  ".then((value) => done({ok: true, value}),"
                  " (error) => done({ok: false, error: String(error && error.stack || error)}));")
        reply = self.driver.execute_async_script(script, list(args))
        if not reply["ok"]:
            raise RuntimeError(f"WebKit: {reply['error'][:2000]}")
        return reply.get("value")

    def type(self, selector: str, text: str) -> None:
        from selenium.webdriver.common.keys import Keys

        control = self.find(selector)
        # NOTE: WebKitWebDriver's Element Clear fails on a control out of view ("not
        # interactable"), and fires no input event anyway: bring it into view, click it,
        # select what it holds and type over it, as a reader does.
        self.driver.execute_script(SCROLL_INTO_VIEW, control)
        control.click()
        control.send_keys(Keys.CONTROL, "a")
        control.send_keys(text)

    def keys(self, selector: str, *keys: str) -> None:
        from selenium.webdriver.common.keys import Keys

        control = self.find(selector)
        self.driver.execute_script(
            f"({FOCUS_AFRESH})(arguments[0]);", control)
        named = {"Tab": Keys.TAB, "Backspace": Keys.BACKSPACE}
        control.send_keys(*[named.get(key, key) for key in keys])

    def select(self, selector: str, value: str) -> None:
        from selenium.webdriver.support.select import Select

        Select(self.find(selector)).select_by_value(value)

    def click(self, selector: str) -> None:
        self.keep_problems()  # a click may leave the page
        control = self.find(selector)
        # NOTE: WebKitWebDriver does not scroll a control into view to click it, as the
        # standard says it must: it fails as "not interactable" instead.
        self.driver.execute_script(SCROLL_INTO_VIEW, control)
        control.click()

    def hover(self, selector: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).move_to_element(self.find(selector)).perform()

    def url(self) -> str:
        return self.driver.current_url

    def problems(self) -> list[str]:
        found = self.seen + self.driver.execute_script(
            "return window.__problems || ['probe.js did not run'];")
        return [problem for problem in found if not self.is_ignored(problem)]

    def clear(self) -> None:
        self.seen = []
        self.driver.execute_script("if (window.__problems) window.__problems.length = 0;")

    def close(self) -> None:
        self.driver.quit()


def engine_group(nodeid: str) -> str | None:
    """Return the xdist group of a test of tests/site/test_engines.py (its engine's, named
    first in its parameters), or None for another test."""
    if not nodeid.startswith("tests/site/test_engines.py::") or not nodeid.endswith("]"):
        return None
    engine = nodeid.rpartition("[")[2].split("-")[0].rstrip("]")
    return f"engine:{engine}" if engine in ENGINES else None


def launch(engine: str):
    """Return the engine's browser (Firefox) or display (WebKit), ready to open tabs."""
    return Firefox() if engine == "firefox" else WebKit()


# ---------------------------------------------------------------------------
# What the host saw


class HostLog:
    """The host's log (tests/site/host.py) of one browser: its requests and reports."""

    def __init__(self, site: str, user_agent: str) -> None:
        self.site, self.user_agent = site, user_agent
        self.start = self.read(0)["next"]

    def read(self, start: int, wait_ms: int = 0) -> dict:
        with urllib.request.urlopen(f"{self.site}__host/log?from={start}&wait={wait_ms}") as answer:
            return json.load(answer)

    def wait_for(self, condition: Callable[[dict], bool], timeout: float = 10.0) -> dict:
        """Return the browser's first entry since the last clear() that meets `condition`,
        once the host has it (the browser posts its reports when it likes)."""
        deadline = time.monotonic() + timeout
        start = self.start
        while time.monotonic() < deadline:
            read = self.read(start, wait_ms=int((deadline - time.monotonic()) * 1000))
            for entry in read["entries"]:
                if entry["agent"] == self.user_agent and condition(entry):
                    return entry
            start = read["next"]
        raise TimeoutError(f"the host logged nothing of the kind in {timeout} s")

    def entries(self) -> list[dict]:
        """Return the browser's entries since the last clear()."""
        return [entry for entry in self.read(self.start)["entries"]
                if entry["agent"] == self.user_agent]

    def clear(self) -> None:
        self.start = self.read(self.start)["next"]

    def requested(self) -> list[str]:
        return [entry["path"] for entry in self.entries() if "path" in entry]

    def problems(self) -> list[str]:
        found = []
        for entry in self.entries():
            if "report" in entry:
                found.append(f"CSP violation reported: {json.dumps(entry['report'])[:400]}")
            elif entry["status"] >= 400:
                found.append(f"failed request: {entry['status']} {entry['path']}")
        return found
