"""The JSON boundary answers any input within the contract (contract.md, version 1).

"One scenario in, one result out" and "never a traceback for bad input": whatever the
text, evaluate_json returns JSON that matches the published result schema, either a
result or errors each with field, code and text, and a valid scenario gets a result.
A fixed sample of the three families in tests/fuzzing.py runs here; bench/fuzz.py runs
at least 10,000 fresh ones.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings

from tests.fuzzing import Case, check_case, fuzz_cases
from tests.scenarios import WORKED_EXAMPLE, scenario


def _text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)


# Inputs that once broke the contract; each stays as a fixed example.
WORKED_TEXT = json.dumps(WORKED_EXAMPLE)
HUGE_EXPONENT_SEATS = WORKED_TEXT.replace('"seats": 10', '"seats": -1e999999999')
LONE_SURROGATE_VALUE = _text(scenario(**{"account.type": "o\ud83eline"}))
LONE_SURROGATE_KEY = _text(scenario(**{"subscrip\ud859ion": {}}))
NAMELESS_KEYS = _text(scenario(**{"": 0, "account.": 1}))


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(fuzz_cases())
@example(Case("near_valid", "huge_exponent_seats", HUGE_EXPONENT_SEATS))
@example(Case("near_valid", "lone_surrogate_value", LONE_SURROGATE_VALUE))
@example(Case("near_valid", "lone_surrogate_key", LONE_SURROGATE_KEY))
@example(Case("near_valid", "nameless_keys", NAMELESS_KEYS))
def test_every_input_gets_a_schema_valid_result_or_errors(case):
    check_case(case)
