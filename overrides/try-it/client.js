// The simulator's worker, seen from the page: started once, kept for the visit.
//
// One ready promise that every call awaits; calls carry an id and are answered
// {id, ok, result | error}; each is timed out, and a worker that does not answer
// in time is replaced (a runaway call cannot be interrupted). A link to a panel
// starts the worker from the page's head (overrides/main.html): the client adopts
// that worker, with the messages it sent before this module ran.

const WORKER_URL = new URL("./worker.js", import.meta.url);
// Each attempt at starting Python is bounded: the worker says when it begins one
// (first from the build's snapshot, then, should that fail, from scratch), and a
// start that hangs (a stalled download, a runtime that never answers) fails here.
const START_TIMEOUT_MS = 20000;
const CALL_TIMEOUT_MS = 4000;

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
      let timer;
      const fail = (reason) => {
        clearTimeout(timer);
        this.readyState = "failed";
        this.stop(reason);
        reject(reason);
      };
      const bound = () => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(new Error("start timed out")), START_TIMEOUT_MS);
      };
      bound();
      const onMessage = ({ data }) => {
        if (data.type === "progress") {
          if (data.stage === "runtime") bound(); // an attempt begins: it has the whole bound
          this.listeners.forEach((l) => l(data.stage));
        } else if (data.type === "ready") {
          clearTimeout(timer);
          this.readyState = "ready";
          this.startedFrom = data.start; // "snapshot", or why it was not (tests, benchmark)
          // When each step of the start ended, on the page's clock (the benchmark).
          const shift = data.timeOrigin - performance.timeOrigin;
          this.startPhases = Object.fromEntries(Object.entries(data.phases ?? {})
            .map(([phase, ms]) => [phase, ms + shift]));
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

  // Tells a worker started from the page's head that the page has set itself up:
  // it may now compile and start Python (worker.js, HOLD_MS).
  pageSetUp() {
    this.worker?.postMessage({ type: "page-set-up" });
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

  // Returns the simulator's answer (JSON text) to a scenario (JSON text). The
  // question goes to the worker at once, started or not: a worker still starting
  // answers it as soon as it is ready, without a message to the page and back
  // first. The call's time bound runs from then.
  async evaluate(scenarioJson) {
    const ready = this.start();
    const id = this.nextId++;
    const answer = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    answer.catch(() => {}); // a failed start rejects it too: awaited below, or reported by `ready`
    this.worker.postMessage({ id, scenario: scenarioJson });
    await ready;
    const timer = setTimeout(() => {
      // A runaway call cannot be interrupted: replace the worker.
      const error = new Error("timeout");
      error.isTimeout = true;
      this.stop(error);
      this.start();
    }, CALL_TIMEOUT_MS);
    try {
      return await answer;
    } finally {
      clearTimeout(timer);
    }
  }
}

export const client = new SimulatorClient(WORKER_URL);
window.tryItClient = client; // for the tests and the benchmark: starts, state
