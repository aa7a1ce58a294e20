"""Fuzzing the JSON boundary: at least 10,000 generated inputs, none raises, every answer valid.

    python bench/fuzz.py [--examples 10000] [--seed N]

Hypothesis generates valid scenarios of all six kinds, near-valid ones (a golden or
generated scenario with a few mutations) and garbage JSON text (tests/fuzzing.py). Each
goes through evaluate_json in CPython, and its answer must be JSON text matching the
published result schema: a result, or errors each with field, code and text (contract.md).
Prints counts per family, results against errors, the most frequent error codes, every
breach with its shortest input, and evaluations per second. Ends with one line per target,
`target <name> <value> <limit> PASS|FAIL`; exits 1 when any target fails.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzzing import (
    FAMILIES,
    AnswerProblem,
    Case,
    answer_of,
    check_family,
    check_text,
    fuzz_cases,
    outcome_of,
)

TARGET_EXAMPLES = 10_000
MAX_ROUNDS = 20  # later rounds make up for inputs that repeated an earlier one


class Tally:
    """What the run saw: inputs, outcomes, error codes, breaches and time spent evaluating."""

    def __init__(self) -> None:
        self.calls = 0
        self.seen: set[bytes] = set()
        self.by_family: Counter[str] = Counter()
        self.by_label: Counter[tuple[str, str]] = Counter()
        self.outcomes: Counter[tuple[str, str]] = Counter()
        self.codes: Counter[str] = Counter()
        self.problems: Counter[str] = Counter()
        self.shortest: dict[str, tuple[AnswerProblem, Case]] = {}
        self.evaluate_seconds = 0.0
        self.slowest: tuple[float, Case | None] = (0.0, None)

    def record(self, case: Case) -> None:
        self.calls += 1
        self.seen.add(_fingerprint(case.text))
        self.by_family[case.family] += 1
        self.by_label[case.family, case.label] += 1
        start = time.perf_counter()
        try:
            answer = answer_of(case.text)
        except AnswerProblem as problem:
            answer, decoded = None, None
            self._breach(problem, case)
        elapsed = time.perf_counter() - start
        if answer is not None:
            try:
                decoded = check_family(case, check_text(answer))
            except AnswerProblem as problem:
                decoded = None
                self._breach(problem, case)
        self.evaluate_seconds += elapsed
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, case)
        if decoded is not None:
            self.outcomes[case.family, outcome_of(decoded)] += 1
            self.codes.update(error["code"] for error in decoded.get("errors", []))

    def _breach(self, problem: AnswerProblem, case: Case) -> None:
        self.problems[problem.kind] += 1
        known = self.shortest.get(problem.kind)
        if known is None or _size(case.text) < _size(known[1].text):
            self.shortest[problem.kind] = (problem, case)


def _fingerprint(text: Any) -> bytes:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else repr(text).encode()
    return hashlib.blake2b(data, digest_size=16).digest()


def _size(text: Any) -> int:
    return len(text) if isinstance(text, str) else len(repr(text))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def fuzz(tally: Tally, examples: int, run_seed: int) -> None:
    """Run Hypothesis's generation phase for `examples` inputs; no shrinking, no database."""

    @seed(run_seed)
    @settings(max_examples=examples, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(fuzz_cases())
    def run(case: Case) -> None:
        tally.record(case)

    run()


def report(tally: Tally, examples: int, run_seed: int, seconds: float) -> bool:
    """Print the figures and the targets; return whether every target passed."""
    distinct = len(tally.seen)
    print(f"fuzz: {tally.calls} inputs generated, {distinct} distinct, seed {run_seed} "
          f"(rerun with --seed {run_seed})")
    print(f"{'family':<12}{'inputs':>8}{'results':>9}{'errors':>8}")
    for family in FAMILIES:
        print(f"{family:<12}{tally.by_family[family]:>8}"
              f"{tally.outcomes[family, 'result']:>9}{tally.outcomes[family, 'errors']:>8}")
    print(f"{'total':<12}{tally.calls:>8}{sum(tally.outcomes[f, 'result'] for f in FAMILIES):>9}"
          f"{sum(tally.outcomes[f, 'errors'] for f in FAMILIES):>8}")
    for family in FAMILIES:
        labels = sorted(((n, label) for (f, label), n in tally.by_label.items() if f == family),
                        reverse=True)
        shown = ", ".join(f"{label} {n}" for n, label in labels[:8])
        more = f", {len(labels) - 8} more" if len(labels) > 8 else ""
        print(f"  {family}: {shown}{more}")
    print("error codes, top 10 (each error counted): " + ", ".join(
        f"{code} {n}" for code, n in tally.codes.most_common(10)))

    exceptions = sum(tally.problems[k] for k in AnswerProblem.EXCEPTIONS)
    violations = sum(n for k, n in tally.problems.items()
                     if k not in AnswerProblem.EXCEPTIONS and k != "valid_refused")
    refused = tally.problems["valid_refused"]
    print(f"exceptions: {exceptions}; schema violations: {violations}; "
          f"valid scenarios refused: {refused}")
    for kind, (problem, case) in sorted(tally.shortest.items()):
        print(f"  {kind} x{tally.problems[kind]}: {_clip(str(problem), 300)}")
        print(f"    shortest input ({case.family}:{case.label}): {_clip(repr(case.text), 600)}")

    rate = tally.calls / tally.evaluate_seconds if tally.evaluate_seconds else 0.0
    print(f"evaluate_json: {rate:,.0f} evaluations/s ({tally.evaluate_seconds:.2f} s in "
          f"{tally.calls} calls)")
    slowest_seconds, slowest = tally.slowest
    if slowest is not None:  # timed again: a garbage collection can land on any call
        again = time.perf_counter()
        try:
            answer_of(slowest.text)
        except AnswerProblem:
            pass
        again = time.perf_counter() - again
        print(f"slowest evaluation {slowest_seconds * 1000:.1f} ms ({again * 1000:.1f} ms when "
              f"repeated): {slowest.family}:{slowest.label}, {_clip(repr(slowest.text), 120)}")
    print(f"whole run (generate + evaluate + schema check): {seconds:.1f} s, "
          f"{tally.calls / seconds:,.0f} inputs/s")

    results = [
        ("fuzz_exceptions", exceptions, 0, exceptions == 0),
        ("fuzz_schema_violations", violations, 0, violations == 0),
        ("fuzz_valid_refused", refused, 0, refused == 0),
        ("fuzz_examples", distinct, examples, distinct >= examples),
    ]
    for name, value, limit, is_ok in results:
        print(f"target {name} {value} {limit} {'PASS' if is_ok else 'FAIL'}")
    return all(is_ok for *_, is_ok in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=TARGET_EXAMPLES,
                        help="distinct inputs to evaluate (default %(default)s)")
    parser.add_argument("--seed", type=int, default=None,
                        help="Hypothesis seed; a new one each run unless given")
    args = parser.parse_args()
    run_seed = args.seed if args.seed is not None else random.randrange(2**32)
    tally = Tally()
    start = time.perf_counter()
    for round_index in range(MAX_ROUNDS):
        missing = args.examples - len(tally.seen)
        if missing <= 0:
            break
        fuzz(tally, max(missing * 5 // 4, 100), run_seed + round_index)
    return 0 if report(tally, args.examples, run_seed, time.perf_counter() - start) else 1


if __name__ == "__main__":
    raise SystemExit(main())
