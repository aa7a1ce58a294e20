"""Every rule of the package's rules reference (simulator/RULES.md) is proved by a test."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
RULES_MD = TESTS.parent / "simulator" / "RULES.md"


def reference_rules() -> list[str]:
    """Return the rule ids of the reference's tables, in order."""
    return re.findall(r"^\| (R-[A-Z]+-\d+) \|", RULES_MD.read_text("utf-8"), re.MULTILINE)


def cited_rules() -> set[str]:
    """Return the rule ids that tests cite with the `rule` marker."""
    pattern = re.compile(r"""(?:@rule|pytest\.mark\.rule)\(\s*["'](R-[A-Z]+-\d+)["']""")
    return {m for path in TESTS.rglob("test_*.py") for m in pattern.findall(path.read_text())}


def test_the_reference_lists_each_rule_once():
    rules = reference_rules()
    assert len(rules) == len(set(rules)) >= 39


def test_every_rule_has_a_test():
    assert sorted(set(reference_rules()) - cited_rules()) == []


def test_tests_cite_only_real_rules():
    assert sorted(cited_rules() - set(reference_rules())) == []


def test_the_simulator_cites_only_real_rules():
    package = TESTS.parent / "simulator"
    sources = [*package.glob("*.py"), package / "catalog.json"]
    cited = {m for p in sources for m in re.findall(r"R-[A-Z]+-\d+", p.read_text("utf-8"))}
    assert cited <= set(reference_rules())
