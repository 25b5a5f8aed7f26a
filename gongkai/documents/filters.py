"""The filter form of every document list (type, topic, year, validity), and pagination; and the
province-wide library's fuller form (`LibraryFilterForm`)."""

from __future__ import annotations

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q, QuerySet

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import pages_of_body
from gongkai.core.dates import cn_date
from gongkai.documents.docnumber import doc_number_lookup
from gongkai.documents.models import DocType, ValidityStatus
from gongkai.documents.selectors import (
    DEFAULT_SORT,
    DOCUMENT_SORTS,
    annotate_validity,
    documents_in_force_on,
    documents_sorted,
    documents_with_doc_number,
    documents_written_between,
    validity_filter,
)
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
            qs = qs.filter(validity_filter([data["validity"]]))
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


# --- The province-wide library (/library/): more filters, an order, and ignored values said. ---

# A filter value that cannot be read is left out, and the page says so (never an error page).
MSG_IGNORED = "“{label}”的值“{value}”无效，已忽略"
MSG_IGNORED_BECAUSE = "“{label}”的值“{value}”无效（{reason}），已忽略"
MSG_RANGE_SWAPPED = "“成文日期起”晚于“成文日期止”，已按{start}至{end}查询"
PAGE_LABEL = "页码"
SHOWN_VALUE_LENGTH = 40  # of a rejected value, in the message

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


def _date_field(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请输入有效的日期，如 2021-03-05"},
    )


class LibraryFilterForm(DocumentFilterForm):
    """政策文件库's filters, as gov.cn's 国务院政策文件库 has them: 发文机关, 发文字号 as people cite it,
    成文日期 from–to, 有效于某日 (validity.md), and the order of the list."""

    body = forms.ChoiceField(label="发文机关", required=False)
    doc_number = forms.CharField(
        label="发文字号",
        required=False,
        max_length=100,
        help_text="如 甘政办发〔2021〕48号、国务院令第798号",
    )
    written_from = _date_field("成文日期起")
    written_to = _date_field("成文日期止")
    in_force_on = _date_field("有效于某日", "列出在该日有效的文件")
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[(key, label) for key, (label, _order) in DOCUMENT_SORTS.items()],
    )

    field_order = [
        "title",
        "doc_number",
        "body",
        "doc_type",
        "topic",
        "written_from",
        "written_to",
        "year",
        "validity",
        "in_force_on",
        "sort",
    ]

    def __init__(self, *args, bodies: list[Body] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {b.code: b for b in bodies or []}
        self.fields["body"].choices = [("", "全部机关")] + [
            (b.code, b.name) for b in self.bodies.values()
        ]
        self.notices: list[str] = []

    def apply(self, qs: QuerySet) -> QuerySet:
        """The filters that are valid, in the chosen order; each value left out is in `notices`."""
        qs = super().apply(qs)
        data = self.cleaned_data
        if data.get("body"):
            qs = qs.filter(pk__in=pages_of_body(self.bodies[data["body"]]).values("pk"))
        if data.get("doc_number"):
            found = documents_with_doc_number(qs, data["doc_number"])
            if found is None:
                reason = doc_number_lookup(data["doc_number"]).error or ""
                self._ignore("doc_number", reason)
            else:
                qs = found
        start, end = data.get("written_from"), data.get("written_to")
        if start and end and start > end:
            start, end = end, start
            self.notices.append(MSG_RANGE_SWAPPED.format(start=cn_date(start), end=cn_date(end)))
        qs = documents_written_between(qs, start, end)
        if data.get("in_force_on"):
            qs = documents_in_force_on(data["in_force_on"], qs)
        for name in self.errors:
            self._ignore(name)
        return documents_sorted(qs, data.get("sort") or DEFAULT_SORT)

    def _ignore(self, name: str, reason: str = "") -> None:
        value = shown_value(self.data.get(name, ""))
        label = self.fields[name].label
        message = MSG_IGNORED_BECAUSE if reason else MSG_IGNORED
        self.notices.append(message.format(label=label, value=value, reason=reason))


def shown_value(raw: str) -> str:
    """A rejected value as the message quotes it: without control characters, and cut short."""
    text = "".join(ch for ch in str(raw) if ch.isprintable())
    return text if len(text) <= SHOWN_VALUE_LENGTH else text[:SHOWN_VALUE_LENGTH] + "…"


def library_list(request, qs: QuerySet, bodies: list[Body]) -> dict:
    """The context of the province-wide library: its form, one page, and what was ignored."""
    form = LibraryFilterForm(request.GET, bodies=bodies)  # bound even when empty: all optional
    qs = form.apply(qs)
    page_obj, page_ignored = paginate_strictly(request, qs)
    notices = form.notices + (
        [MSG_IGNORED.format(label=PAGE_LABEL, value=shown_value(request.GET["page"]))]
        if page_ignored
        else []
    )
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "ignored": notices,
        "in_force_on": form.cleaned_data.get("in_force_on"),
    }


def paginate_strictly(request, qs: QuerySet, per_page: int = PAGE_SIZE):
    """One page, as `paginate`; a page number that is not one of the pages gives page 1 and
    True (ignored), where `paginate` would quietly pick the first or last page."""
    raw = request.GET.get("page", "")
    if "validity" not in qs.query.annotations:
        qs = annotate_validity(qs)
    paginator = Paginator(qs, per_page)
    if not raw:
        return paginator.page(1), False
    try:
        return paginator.page(int(raw)), False
    except (ValueError, InvalidPage):
        return paginator.page(1), True
