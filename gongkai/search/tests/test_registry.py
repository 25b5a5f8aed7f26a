"""What documents register with search: the facet labels and the validity rule, which must give the
status of documents/validity.py for every combination of dates."""

import itertools
from datetime import date, timedelta

import pytest

from gongkai.documents.models import DocType, ValidityStatus
from gongkai.documents.validity import ValidityFacts, validity_on
from gongkai.search import selectors
from gongkai.search.forms import SearchForm
from gongkai.search.registry import ValidityRule, facet_labels, validity_rule
from gongkai.search.schema import NO_DATE, UNKNOWN_START, date_int

ON = date(2024, 6, 1)
DATES = [None, ON - timedelta(days=1), ON, ON + timedelta(days=1)]


class StoredDates:
    """The four date fields of an indexed document, as `schema.to_document` stores them."""

    def __init__(self, starts_on, expires_on, superseded_on, repealed, repealed_on):
        self.values = {
            "starts_on": date_int(starts_on, UNKNOWN_START),
            "expires_on": date_int(expires_on, NO_DATE),
            "superseded_on": date_int(superseded_on, NO_DATE),
            "repealed_on": date_int(repealed_on, 0) if repealed else NO_DATE,
        }

    def get_first(self, name):
        return self.values[name]


@pytest.mark.parametrize("repealed", [False, True])
def test_the_registered_rule_is_the_rule_of_validity_py(repealed):
    for starts, expires, superseded, repealed_on in itertools.product(DATES, repeat=4):
        facts = ValidityFacts(starts, expires, repealed, repealed_on, superseded)
        stored = StoredDates(starts, expires, superseded, repealed, repealed_on)
        assert selectors._validity_of(stored, ON) == validity_on(facts, ON).value, facts


def test_documents_register_the_labels_search_shows():
    # Every 文种 of a document, and participation's own kinds (it registers them).
    assert facet_labels("doc_type") == {
        **dict(DocType.choices),
        "qa": "简明问答",
        "consultation": "意见征集",
        "comment": "公众意见",
        "letter": "公开来信",
        "hot_topic": "热点回应",
    }
    assert validity_rule().labels == tuple(ValidityStatus.choices)
    assert SearchForm().fields["validity"].choices == [("", ""), *ValidityStatus.choices]
    assert SearchForm({"valid_only": "1"}).filters().validity == ValidityStatus.EFFECTIVE


def test_a_rule_must_label_every_status_it_uses():
    with pytest.raises(ValueError, match="without a label"):
        ValidityRule(
            passed=(("repealed_on", "repealed"),),
            not_started="later",
            in_force="in_force",
            labels=(("in_force", "有效"), ("later", "尚未生效")),
        )
