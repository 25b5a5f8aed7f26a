"""The filter form of every document list (type, topic, year, validity), and pagination."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from gongkai.documents.models import DocType, ValidityStatus
from gongkai.documents.selectors import annotate_validity
from gongkai.documents.topics import SEPARATOR, TOP_LEVEL

PAGE_SIZE = 20


class DocumentFilterForm(forms.Form):
    doc_type = forms.ChoiceField(
        label="文种", required=False, choices=[("", "全部"), *list(DocType.choices)]
    )
    topic = forms.ChoiceField(
        label="主题分类", required=False, choices=[("", "全部")] + [(t, t) for t in TOP_LEVEL]
    )
    year = forms.IntegerField(
        label="发布年份",
        required=False,
        min_value=1949,
        max_value=2100,
        # A text box, not type=number: a browser shows a rejected "abc" back to the user.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        error_messages={
            "invalid": "请输入四位年份",
            "min_value": "年份不能早于1949年",
            "max_value": "年份不能晚于2100年",
        },
    )
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部"), *list(ValidityStatus.choices)]
    )
    title = forms.CharField(label="标题包含", required=False, max_length=100)

    def apply(self, qs: QuerySet) -> QuerySet:
        """Apply the fields that are valid; an invalid field is shown with its message and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("doc_type"):
            qs = qs.filter(doc_type=data["doc_type"])
        if data.get("topic"):
            top = data["topic"]
            qs = qs.filter(Q(topic=top) | Q(topic__startswith=top + SEPARATOR))
        if data.get("year"):
            qs = qs.filter(first_published_at__year=data["year"])
        if data.get("title"):
            qs = qs.filter(title__contains=data["title"].strip())
        if data.get("validity"):
            if "validity" not in qs.query.annotations:
                qs = annotate_validity(qs)
            qs = qs.filter(validity=data["validity"])
        return qs


def filtered_list(request, qs: QuerySet) -> dict:
    """The context of every filtered document list: the bound form and one page of results."""
    form = DocumentFilterForm(request.GET or None)
    return {"filter_form": form, "page_obj": paginate(request, form.apply(qs))}


def paginate(request, qs: QuerySet, per_page: int = PAGE_SIZE):
    """One page of a document list; every listed document carries its validity today."""
    if "validity" not in qs.query.annotations:
        qs = annotate_validity(qs)
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))
