"""Benchmark of the simulator: CPython throughput and Pyodide latency of change_plan.

    python bench/simulator.py [--rounds 5] [--seconds 1.0]

Prints figures and, because these machines are shared and noisy, ratios
against a baseline measured in the same run: a JSON round trip of the same
scenario texts (decode + encode, the least any boundary must do) for CPython,
and CPython's own per-evaluation latency for Pyodide. Both are timed in CPU
time (process_time), in alternating pairs: a load on the machine slows both
sides of a pair alike. Ends with one line per target,
`target <name> <value> <limit> PASS|FAIL`; always exits 0.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.boundary import evaluate_json  # noqa: E402
from tests.scenarios import generated_scenarios  # noqa: E402

# An evaluation against the JSON round trip of its scenario, in the same run: an absolute
# rate does not hold from one machine to the next.
TARGET_ROUND_TRIPS_PER_EVALUATION = 6.0
TARGET_PYODIDE_P95_MS = 5.0


def change_plan_texts() -> list[str]:
    """Golden change_plan scenarios plus generated ones (valid, gated and invalid)."""
    golden = [json.loads(p.read_text("utf-8"))["scenario"]
              for p in sorted((ROOT / "tests" / "golden").glob("change_plan*.json"))]
    return [json.dumps(d, ensure_ascii=False) for d in golden + generated_scenarios(2000)]


def rate(work, texts: list[str], seconds: float) -> float:
    """Return calls per CPU second of `work` over `texts`, repeated for about `seconds`."""
    calls, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for text in texts:
            work(text)
        calls += len(texts)
    return calls / (time.process_time() - start)


def json_round_trip(text: str) -> str:
    return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def cpython_latencies(texts: list[str], runs: int) -> list[float]:
    for text in texts:
        evaluate_json(text)
    latencies = []
    for _ in range(runs):
        for text in texts:
            start = time.perf_counter()
            evaluate_json(text)
            latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def pyodide_latencies(texts: list[str], runs: int) -> tuple[str, list[float]]:
    """Return Pyodide's version and per-evaluation latencies (ms) after a warm-up."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                        "--outdir", tmp, str(ROOT)], check=True, capture_output=True)
        (wheel,) = Path(tmp).glob("*.whl")
        done = subprocess.run(
            ["node", str(ROOT / "tests" / "pyodide" / "evaluate.mjs"), str(wheel),
             "--bench", str(runs)],
            input="\n".join(texts) + "\n", capture_output=True, text=True, check=True, cwd=ROOT)
    report = json.loads(done.stdout)
    return report["version"], report["latencies_ms"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    texts = change_plan_texts()
    print(f"scenarios: {len(texts)} change_plan texts (golden + generated)")

    evaluations, baselines, ratios = [], [], []
    for round_index in range(args.rounds):  # cells alternate within each round
        pair = [("evaluate", evaluate_json), ("baseline", json_round_trip)]
        if round_index % 2:
            pair.reverse()
        measured = {name: rate(work, texts, args.seconds) for name, work in pair}
        evaluations.append(measured["evaluate"])
        baselines.append(measured["baseline"])
        ratios.append(measured["baseline"] / measured["evaluate"])
    evals_per_second = statistics.median(evaluations)
    round_trips = statistics.median(ratios)
    print(f"cpython evaluate_json: {evals_per_second:,.0f} evaluations per CPU second (median of "
          f"{args.rounds} rounds; min {min(evaluations):,.0f}, max {max(evaluations):,.0f})")
    print(f"cpython JSON round trip (baseline): {statistics.median(baselines):,.0f} /s; "
          f"an evaluation costs {round_trips:.1f}x a round trip (median of pairs)")

    sample = texts[:200]
    cpy = cpython_latencies(sample, 5)
    version, pyo = pyodide_latencies(sample, 5)
    p50, p95 = percentile(pyo, 0.50), percentile(pyo, 0.95)
    c50, c95 = percentile(cpy, 0.50), percentile(cpy, 0.95)
    print(f"pyodide {version} under node, after warm-up: p50 {p50:.3f} ms, p95 {p95:.3f} ms "
          f"({len(pyo)} evaluations)")
    print(f"cpython same sample: p50 {c50:.3f} ms, p95 {c95:.3f} ms; "
          f"pyodide/cpython: p50 {p50 / c50:.1f}x, p95 {p95 / c95:.1f}x")

    def target(name: str, value: float, limit: float, is_ok: bool) -> None:
        print(f"target {name} {value:.3f} {limit:g} {'PASS' if is_ok else 'FAIL'}")

    target("cpython_round_trips_per_evaluation", round_trips, TARGET_ROUND_TRIPS_PER_EVALUATION,
           round_trips <= TARGET_ROUND_TRIPS_PER_EVALUATION)
    target("pyodide_p95_ms", p95, TARGET_PYODIDE_P95_MS, p95 <= TARGET_PYODIDE_P95_MS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
