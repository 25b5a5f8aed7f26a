from __future__ import annotations

from django import template
from django.utils.http import urlencode
from wagtail.models import Page

from gongkai.bodies.selectors import body_for_page
from gongkai.columns.models import ColumnPage
from gongkai.core.dates import cn_date
from gongkai.documents.models import ValidityStatus
from gongkai.search.forms import facet_query
from gongkai.sites.selectors import site_footer

register = template.Library()


@register.simple_tag
def body_of(page):
    return body_for_page(page) if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def footer_of(context, body):
    """The website's footer items and 网站标识码 for a page of `body` (None off the bodies' sites)."""
    return site_footer(context.get("request"), body)


@register.simple_tag
def column_of(page):
    """The nearest column (栏目) of a page, for the ColumnName page metadata."""
    if not isinstance(page, Page):
        return None
    if isinstance(page, ColumnPage):
        return page
    return ColumnPage.objects.ancestor_of(page).order_by("-depth").first()


@register.filter(name="cn_date")
def cn_date_filter(value):
    """2021年5月15日, the one date form of the platform (`core.dates.cn_date`)."""
    return cn_date(value) if value else ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (pagination keeps the filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + urlencode(sorted(params.items()))


@register.filter
def validity_label(value):
    try:
        return ValidityStatus(value).label
    except ValueError:
        return ""


@register.simple_tag(takes_context=True)
def facet_link(context, name, value):
    """The current search with one facet value chosen (or cleared, for an empty value), from page
    1: the search whose total is the count shown beside the value."""
    return facet_query(context["request"].GET, name, value)
