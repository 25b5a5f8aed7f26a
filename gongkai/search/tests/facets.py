"""Facet counts as the search page shows them, checked against the searches their links give.

The page (web.views.search_page) reads its query string with `SearchForm` and searches with
`SearchForm.search()`; a facet value's link is `forms.facet_query` (the `facet_link` tag). These
helpers take the same path, so a count that passes here is the total a citizen gets by clicking.
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils.http import urlencode

from gongkai.search.forms import SearchForm, facet_query
from gongkai.search.selectors import SearchResult


def page_search(params: dict[str, str] | QueryDict) -> SearchResult:
    query = params if isinstance(params, QueryDict) else QueryDict(urlencode(params))
    result = SearchForm(query).search()
    assert result is not None, f"the page makes no search of {params}"
    assert result.query.ok and result.notice is None, (result.query.error, result.notice)
    return result


def facet_mismatches(params: dict[str, str]) -> list[tuple[str, str, int, int]]:
    """Every facet value of the page's search whose count is not the total its link gives:
    (facet, value, count shown, total after clicking)."""
    query = QueryDict(urlencode(params))
    result = page_search(query)
    wrong = []
    for facet, values in result.facets.items():
        for key, _label, count in values:
            link = facet_query(query, facet, key)
            total = page_search(QueryDict(link.removeprefix("?"))).total
            if total != count:
                wrong.append((facet, key, count, total))
    return wrong


def facet_counts(result: SearchResult, facet: str) -> dict[str, int]:
    return {key: count for key, _label, count in result.facets[facet]}
