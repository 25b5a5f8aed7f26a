"""Validity (有效性) on a date: the pure rule, table-driven, and its SQL twin agreeing with it."""

from datetime import date
from itertools import combinations

import pytest

from gongkai.documents.models import ValidityStatus as V
from gongkai.documents.selectors import (
    annotate_validity,
    current_version,
    document_validity,
    documents_in_force_on,
    validity_facts,
    validity_filter,
)
from gongkai.documents.services import document_repeal
from gongkai.documents.validity import ValidityFacts, validity_on
from gongkai.testing.personas import publish_document

D = date


@pytest.mark.parametrize(
    ("facts", "on", "expected"),
    [
        (
            ValidityFacts(starts_on=D(2020, 1, 1)),
            D(2020, 1, 1),
            V.EFFECTIVE,
        ),  # in force on its first day
        (ValidityFacts(starts_on=D(2020, 1, 1)), D(2019, 12, 31), V.NOT_YET_EFFECTIVE),
        (
            ValidityFacts(starts_on=None),
            D(1900, 1, 1),
            V.EFFECTIVE,
        ),  # no known start: no constraint
        (
            ValidityFacts(starts_on=D(2020, 1, 1), expires_on=D(2023, 1, 1)),
            D(2022, 12, 31),
            V.EFFECTIVE,
        ),
        (
            ValidityFacts(starts_on=D(2020, 1, 1), expires_on=D(2023, 1, 1)),
            D(2023, 1, 1),
            V.EXPIRED,
        ),
        (
            ValidityFacts(starts_on=D(2020, 1, 1), superseded_on=D(2022, 5, 1)),
            D(2022, 4, 30),
            V.EFFECTIVE,
        ),
        (
            ValidityFacts(starts_on=D(2020, 1, 1), superseded_on=D(2022, 5, 1)),
            D(2022, 5, 1),
            V.AMENDED,
        ),
        (
            ValidityFacts(starts_on=D(2020, 1, 1), repealed=True, repealed_on=D(2021, 10, 1)),
            D(2021, 9, 30),
            V.EFFECTIVE,
        ),
        (
            ValidityFacts(starts_on=D(2020, 1, 1), repealed=True, repealed_on=D(2021, 10, 1)),
            D(2021, 10, 1),
            V.REPEALED,
        ),
        (
            ValidityFacts(starts_on=D(2020, 1, 1), repealed=True, repealed_on=None),
            D(2020, 6, 1),
            V.REPEALED,
        ),
        # precedence: repealed > amended > expired > not yet effective
        (
            ValidityFacts(
                starts_on=D(2020, 1, 1),
                expires_on=D(2021, 1, 1),
                superseded_on=D(2021, 1, 1),
                repealed=True,
                repealed_on=D(2021, 1, 1),
            ),
            D(2022, 1, 1),
            V.REPEALED,
        ),
        (
            ValidityFacts(
                starts_on=D(2020, 1, 1), expires_on=D(2021, 1, 1), superseded_on=D(2021, 1, 1)
            ),
            D(2022, 1, 1),
            V.AMENDED,
        ),
    ],
)
def test_validity_follows_the_rule_table(facts, on, expected):
    assert validity_on(facts, on) == expected


@pytest.fixture
def lifecycle(office):
    """One document in each state, with dates around 2022."""
    v1 = publish_document(office, title="办理规定", slug="v1", effective_on=D(2020, 1, 1))
    v2 = publish_document(
        office, title="办理规定（修订）", slug="v2", effective_on=D(2022, 5, 1), previous_version=v1
    )
    repealed = publish_document(office, title="暂行办法", slug="old", effective_on=D(2010, 8, 1))
    repealer = publish_document(office, title="废止决定", slug="fz", effective_on=D(2021, 10, 1))
    document_repeal(repealed, repealed_on=D(2021, 10, 1), repealing_document=repealer)
    expired = publish_document(
        office, title="阶段性措施", slug="exp", effective_on=D(2022, 3, 1), expires_on=D(2023, 1, 1)
    )
    future = publish_document(office, title="将来施行", slug="fut", effective_on=D(2099, 1, 1))
    return {
        "v1": v1,
        "v2": v2,
        "repealed": repealed,
        "repealer": repealer,
        "expired": expired,
        "future": future,
    }


DATES = [
    D(2009, 1, 1),
    D(2020, 6, 1),
    D(2021, 10, 1),
    D(2022, 4, 30),
    D(2022, 5, 1),
    D(2022, 12, 31),
    D(2023, 1, 1),
    D(2030, 1, 1),
    D(2099, 1, 1),
]


@pytest.mark.parametrize("on", DATES)
def test_sql_and_python_agree_on_every_date(lifecycle, on):
    annotated = dict(
        annotate_validity(type(lifecycle["v1"]).objects.live(), on).values_list("pk", "validity")
    )
    for doc in lifecycle.values():
        assert annotated[doc.pk] == document_validity(doc, on).value, doc.title


STATUS_SETS = [set(c) for n in range(1, len(V) + 1) for c in combinations(V, n)]


@pytest.mark.parametrize("on", DATES)
def test_the_filter_by_status_selects_what_the_case_expression_says(lifecycle, on):
    """validity_filter spells the rules as conditions (for PostgreSQL's planner); for every set of
    statuses it selects exactly the documents whose computed status is in the set."""
    docs = type(lifecycle["v1"]).objects.live()
    status_of = dict(annotate_validity(docs, on).values_list("pk", "validity"))
    for wanted in STATUS_SETS:
        selected = set(docs.filter(validity_filter(list(wanted), on)).values_list("pk", flat=True))
        expected = {pk for pk, status in status_of.items() if status in {s.value for s in wanted}}
        assert selected == expected, sorted(wanted)


def test_the_library_answers_which_documents_were_in_force_on_a_date(lifecycle):
    def titles(on):
        return set(documents_in_force_on(on).values_list("slug", flat=True))

    assert titles(D(2021, 1, 1)) == {"v1", "old"}  # the repealing decision starts 2021-10-01
    assert titles(D(2021, 10, 1)) == {"v1", "fz"}
    assert titles(D(2022, 6, 1)) == {"v2", "fz", "exp"}
    assert titles(D(2023, 1, 1)) == {"v2", "fz"}
    assert titles(D(2099, 1, 1)) == {"v2", "fz", "fut"}


def test_a_new_version_does_not_retire_the_old_one_before_it_takes_effect(lifecycle):
    assert document_validity(lifecycle["v1"], D(2022, 4, 30)) == V.EFFECTIVE
    assert document_validity(lifecycle["v2"], D(2022, 4, 30)) == V.NOT_YET_EFFECTIVE
    assert current_version(lifecycle["v1"], D(2022, 4, 30)) == lifecycle["v1"]
    assert current_version(lifecycle["v1"], D(2022, 5, 1)) == lifecycle["v2"]


def test_an_unpublished_new_version_changes_nothing(office, lifecycle):
    from gongkai.documents.services import document_create
    from gongkai.testing.personas import column

    document_create(
        column(office, "art20-1"),
        title="草稿",
        slug="draft",
        doc_type="normative",
        issuer_names="x",
        effective_on=D(2021, 1, 1),
        previous_version=lifecycle["v2"],
    )
    assert validity_facts(lifecycle["v2"]).superseded_on is None
