"""The search page's query string as a form: lenient, because these values come from links —
a value that does not fit is dropped, never an error page."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.http import urlencode

from gongkai.search.registry import validity_rule
from gongkai.search.selectors import FACETS, MAX_PAGE, Filters, SearchResult, search

# The parameters a facet link clears besides its own, so that the search it leads to has the
# filters its count was made with (selectors.FACETS): 含下级机关 (`body`) replaces an exact 发文机关
# (`owner`); a 有效性 replaces 只看现行有效. Every link also goes back to page 1.
_CLEARED_WITH = {
    facet: tuple(name for name in replaces if name != facet)
    for facet, (_field, replaces) in FACETS.items()
}
_CLEARED_WITH["validity"] += ("valid_only",)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, max_length=40)  # 含下级机关
    owner = forms.CharField(required=False, max_length=40)  # 发文机关 exactly
    doc_type = forms.CharField(required=False, max_length=32)
    topic = forms.CharField(required=False, max_length=60)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    validity = forms.ChoiceField(required=False)  # choices: the registered statuses (__init__)
    valid_only = forms.BooleanField(required=False)
    sort = forms.ChoiceField(required=False, choices=[("relevance", ""), ("date", "")])
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["validity"].choices = [("", ""), *validity_rule().labels]

    def value(self, name: str):
        """The cleaned value of a field, or its empty value if it did not validate."""
        if name in self.errors:
            return self.fields[name].clean(None) if not self.fields[name].required else None
        return self.cleaned_data.get(name)

    def filters(self) -> Filters:
        self.is_valid()
        valid_only = bool(self.value("valid_only"))
        page = self.value("page") or 1
        return Filters(
            body=self.value("body") or "",
            owner=self.value("owner") or "",
            doc_type=self.value("doc_type") or "",
            topic=self.value("topic") or "",
            year=self.value("year"),
            validity=validity_rule().in_force if valid_only else self.value("validity") or "",
            sort="date" if self.value("sort") == "date" else "relevance",
            page=min(page, MAX_PAGE),
        )

    def search(self) -> SearchResult | None:
        """The search page's search; None for an empty box (there is no browsing without words)."""
        q = self.value("q") or ""
        return search(q, self.filters()) if q.strip() else None


def facet_query(params: QueryDict, facet: str, value: object) -> str:
    """The query string of the current search with one facet value chosen, or its choice cleared
    for an empty value: the link whose search gives the count shown beside the value."""
    # Read, not copied: a QueryDict's copy is a deep copy, and a results page has ~100 such links.
    dropped = {"page", facet, *_CLEARED_WITH.get(facet, ())}
    items = [(name, params[name]) for name in params if name not in dropped]
    if value not in ("", None):
        items.append((facet, str(value)))
    return "?" + urlencode(sorted(items))
