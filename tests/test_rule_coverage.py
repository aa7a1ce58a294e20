"""Every rule of rules.md is proved by a test that cites its id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
RULES_MD = TESTS.parent.parent / "shared" / "rules.md"  # the product's rules, beside the repo

RULE_IDS = (
    [f"R-ROLE-{n}" for n in (1, 2)]
    + [f"R-WHO-{n}" for n in range(1, 8)]
    + [f"R-TRIAL-{n}" for n in range(1, 7)]
    + [f"R-PLAN-{n}" for n in range(1, 9)]
    + ["R-CART-1"]
    + [f"R-ADD-{n}" for n in range(1, 4)]
    + ["R-CANCEL-1"]
    + [f"R-CORP-{n}" for n in range(1, 4)]
    + [f"R-PRO-{n}" for n in range(1, 9)]
)


def cited_rules() -> set[str]:
    """Return the rule ids that tests cite with the `rule` marker."""
    pattern = re.compile(r"""(?:@rule|pytest\.mark\.rule)\(\s*["'](R-[A-Z]+-\d+)["']""")
    return {m for path in TESTS.rglob("test_*.py") for m in pattern.findall(path.read_text())}


def test_every_rule_has_a_test():
    assert sorted(set(RULE_IDS) - cited_rules()) == []


def test_tests_cite_only_real_rules():
    assert sorted(cited_rules() - set(RULE_IDS)) == []


@pytest.mark.skipif(not RULES_MD.exists(), reason="rules.md is kept beside the repository")
def test_the_rule_list_matches_rules_md():
    ids = set(re.findall(r"^- (R-[A-Z]+-\d+):", RULES_MD.read_text(), re.MULTILINE))
    assert ids == set(RULE_IDS)


def test_the_simulator_cites_only_real_rules():
    sources = (TESTS.parent / "simulator").glob("*.py")
    cited = {m for p in sources for m in re.findall(r"R-[A-Z]+-\d+", p.read_text())}
    assert cited <= set(RULE_IDS)
