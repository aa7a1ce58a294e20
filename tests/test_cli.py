"""The command line of the contract: files, standard input, --jsonl, exit codes, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.scenarios import WORKED_EXAMPLE


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_the_worked_example_from_a_file(tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(WORKED_EXAMPLE))
    done = run("evaluate", str(path))
    assert done.returncode == 0, done.stderr
    quote = json.loads(done.stdout)["quote"]
    assert (quote["credit"], quote["charge"], quote["amount_due"]) == ("50.00", "200.00", "150.00")
    assert (quote["period_start"], quote["period_end"]) == ("2026-11-16", "2026-12-16")


def test_standard_input_and_an_invalid_scenario():
    done = run("evaluate", "-", stdin='{"kind": "change_plan"')
    assert done.returncode == 1
    assert json.loads(done.stdout)["errors"][0]["code"] == "invalid_json"
    assert "Traceback" not in done.stderr


def test_jsonl_batches_answer_line_by_line():
    lines = [json.dumps(WORKED_EXAMPLE), "", "not json", json.dumps({**WORKED_EXAMPLE, "locale": "de"})]
    done = run("evaluate", "--jsonl", "-", stdin="\n".join(lines) + "\n")
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [("errors" in r) for r in results] == [False, True, False]
    assert results[2]["locale"] == "de"
    assert done.returncode == 1  # one line was invalid


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    done = run("evaluate", str(tmp_path / "nope.json"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["errors"][0]["field"] == "file"


def test_bytes_that_are_not_utf8_are_an_error(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"kind": "change_plan", "today": "\xff"}')
    done = run("evaluate", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_file_errors_speak_the_requested_language(tmp_path):
    done = run("evaluate", "--locale", "de", str(tmp_path / "fehlt.json"))
    error = json.loads(done.stdout)["errors"][0]
    assert done.returncode == 1 and error["code"] == "unreadable_file"
    assert "kann nicht gelesen werden" in error["text"] and "fehlt.json" in error["text"]


def test_jsonl_lines_are_the_boundarys_bytes():
    """A batch line is exactly what the browser's call returns for that scenario."""
    from simulator.boundary import evaluate_json

    line = json.dumps(WORKED_EXAMPLE)
    done = run("evaluate", "--jsonl", "-", stdin=line + "\n")
    assert done.stdout == evaluate_json(line) + "\n"


@pytest.mark.parametrize("lang,locale", [
    ("pt_BR.UTF-8", "pt-BR"), ("de_AT.UTF-8", "de"), ("C.UTF-8", "en"), ("", "en"),
])
def test_locale_from_environment(lang, locale):
    from simulator.cli import locale_from_environment

    assert locale_from_environment(lang) == locale
