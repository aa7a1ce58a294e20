"""Shared fixtures: the simulator wheel as the site and the browser get it, and what the
workers of one test run share (with pytest-xdist, `pytest -n auto`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The run's order (with xdist, `--dist loadgroup` hands out tests in this order, a page's
# or a panel's tests as one group). First a quick test of the site, for which the first
# worker builds it, and the longest test that needs no built site; for the other worker
# meanwhile, every test that needs no built site; then the longest of the rest, so that
# no worker starts one while the other is nearly done; then the groups, then the others,
# to even out the end.
FIRST = (
    "tests/site/test_panel.py::test_a_failed_start_ends_in_the_error_state",
    "tests/test_pyodide_parity.py::test_pyodide_matches_cpython_byte_for_byte",
    # needing no built site
    "tests/test_pyodide_parity.py", "tests/test_pyodide_runtime.py", "tests/test_fuzz.py",
    "tests/test_properties.py",
    "tests/test_panel_formats.py", "tests/site/test_translations.py", "tests/test_golden.py",
    "tests/test_rules.py", "tests/test_validation.py", "tests/test_texts.py",
    "tests/test_cli.py", "tests/test_rule_coverage.py",
    # the longest of the rest
    "tests/site/test_site_links.py::test_no_broken_link_or_anchor",
    "tests/site/test_panel_links.py",
    "tests/site/test_site_html.py",
    "tests/site/test_panel.py::test_a_snapshot_that_does_not_restore",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the run: FIRST, then the groups of a page's or a panel's tests, then the
    others; a group's tests together, where its first one was."""

    def rank(item: pytest.Item) -> int:
        for index, prefix in enumerate(FIRST):
            if item.nodeid.startswith(prefix):
                return index
        return len(FIRST) + (0 if item.get_closest_marker("xdist_group") else 1)

    first_of_group: dict[str, int] = {}
    for index, item in enumerate(items):
        group = item.get_closest_marker("xdist_group")
        if group is not None:
            first_of_group.setdefault(group.args[0], index)
    position = {id(item): first_of_group.get(group.args[0], index) if group else index
                for index, item in enumerate(items)
                for group in [item.get_closest_marker("xdist_group")]}
    items.sort(key=lambda item: (rank(item), position[id(item)]))  # stable within a group


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadgroup`, with a page's tests (tests/site/sites.py: by_page), a panel's
    (tests/site/panels.py: by_panel), or an engine's (tests/site/test_engines.py: by_engine)
    as one group.

    NOTE: xdist 3.8 marks a test's group in its node id, which pytest 9.2 no longer lets
    it change (pytest-xdist issue 1386): its groups are silently lost. This scheduler
    finds the group from the test's parameters, and uses xdist's own groups where the
    node id has them.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    from tests.site.engines import engine_group
    from tests.site.panels import panel_pages
    from tests.site.sites import SOURCES, parametrized_with, site_pages

    groups = sorted([str(page) for page in site_pages(sites=tuple(SOURCES))]
                    + [str(panel) for panel in panel_pages()], key=len, reverse=True)

    class PageGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):  # a group xdist named itself
                return super()._split_scope(nodeid)
            return engine_group(nodeid) or parametrized_with(nodeid, groups) or nodeid

    return PageGroupScheduling(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Tell each xdist worker which process the run is: what outlives a worker ends with it."""
    node.workerinput["run_pid"] = os.getpid()


@pytest.fixture(scope="session")
def run_pid(request: pytest.FixtureRequest) -> int:
    """Return the process of the whole test run: xdist's controller, or this one."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["run_pid"] if workerinput else os.getpid()


@pytest.fixture(scope="session")
def run_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder shared by every worker of this run, and by this run alone.

    A worker's base temporary folder is `<the run's>/popen-gw<n>`.
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(request.config, "workerinput") else base


@pytest.fixture(scope="session")
def simulator_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the simulator wheel once per run, exactly as a release would."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    return wheel
