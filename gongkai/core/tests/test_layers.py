"""The import layers of pyproject.toml (`lint-imports`, run by `make lint`) hold, and would catch a
wrong import: a lower app importing a higher one, or the report page importing what computes it."""

from copy import deepcopy
from pathlib import Path

import grimp
import pytest
from django.conf import settings
from importlinter import api
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[3]
CONFIG = api.read_configuration(str(ROOT / "pyproject.toml"))
CONTRACTS = {c["id"]: c for c in CONFIG["contracts_options"]}
APPS, REPORTS = "app-layers", "reports-layers"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("gongkai", cache_dir=None)


def kept(contract_id: str, graph: grimp.ImportGraph) -> bool:
    options = CONTRACTS[contract_id]
    contract = LayersContract(
        name=options["name"], session_options=CONFIG["session_options"], contract_options=options
    )
    return contract.check(deepcopy(graph), verbose=False).kept


def with_import(graph: grimp.ImportGraph, importer: str, imported: str) -> grimp.ImportGraph:
    changed = deepcopy(graph)
    changed.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    return changed


def test_the_code_keeps_both_contracts(graph):
    assert kept(APPS, graph)
    assert kept(REPORTS, graph)


def test_a_lower_app_importing_a_higher_one_breaks_the_app_layers(graph):
    assert not kept(APPS, with_import(graph, "gongkai.core.dates", "gongkai.web.views"))
    assert not kept(
        APPS, with_import(graph, "gongkai.search.selectors", "gongkai.documents.models")
    )
    assert not kept(APPS, with_import(graph, "gongkai.bodies.models", "gongkai.workdays.models"))


def test_tests_may_import_anything(graph):
    assert kept(APPS, with_import(graph, "gongkai.core.tests.test_docs", "gongkai.web.views"))


def test_the_report_page_importing_its_computation_breaks_the_report_layers(graph):
    broken = with_import(graph, "gongkai.reports.pages", "gongkai.reports.selectors")
    assert not kept(REPORTS, broken)


def test_every_app_of_the_project_has_its_layer():
    layered = {app.strip() for layer in CONTRACTS[APPS]["layers"] for app in layer.split("|")}
    assert {a for a in settings.INSTALLED_APPS if a.startswith("gongkai.")} == layered
