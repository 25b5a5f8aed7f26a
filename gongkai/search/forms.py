"""The search page's query string as a form: lenient, because these values come from links —
a value that does not fit is dropped, never an error page."""

from __future__ import annotations

from django import forms

from gongkai.search.registry import validity_rule
from gongkai.search.selectors import MAX_PAGE, Filters


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, max_length=40)
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
            doc_type=self.value("doc_type") or "",
            topic=self.value("topic") or "",
            year=self.value("year"),
            validity=validity_rule().in_force if valid_only else self.value("validity") or "",
            sort="date" if self.value("sort") == "date" else "relevance",
            page=min(page, MAX_PAGE),
        )
