"""`GET /api/v1/reports/{body}/{year}`: the published tables of an annual report as JSON (public).

The statutory tables are published information and hold no personal data, so the endpoint needs
no login — and it serves **only what was published** (issue 12 item 2): the figures frozen into
the body's report page when it was published (`frozen_tables`, with the checks of that moment), or
the tables of a historic report imported from its earlier publication. A draft or a missing report
is a 404 with a Chinese message; staff see drafts through their own scoped endpoint
(`/workbench/reports/<body>/<year>/tables.json`, staff_views.py).

`region=true` sums the **published** reports of the body and every body below it (docs/
decisions.md, 2026-12-07): the JSON says which bodies were included (`纳入汇总`) and which had not
published (`未纳入汇总（未发布）`), so no draft figure reaches the public through a sum.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.utils import timezone
from ninja import Path, Router, Status

from gongkai.bodies.models import Body
from gongkai.reports import format as fmt
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.selectors import (
    MSG_YEAR_RANGE,
    imported_tables,
    report_year_range,
    year_in_range,
)
from gongkai.reports.tables import ReportTables, tables_sum
from gongkai.reports.validate import validate

router = Router(tags=["年度报告"])

MSG_BODY_NOT_FOUND = "机关不存在：{code}"
MSG_BAD_PARAMETERS = "请求参数有误"  # the same wording as the rest of /api/v1/
MSG_NOT_PUBLISHED = "{body}{year}年度政府信息公开工作年度报告尚未发布"
KEY_PUBLISHED_AT = "发布日期"
KEY_FROZEN_AT = "表格固定时间"
KEY_INCLUDED = "纳入汇总"
KEY_MISSING = "未纳入汇总（未发布）"

BodyCode = Annotated[str, Path(max_length=40)]
Year = Annotated[int, Path(ge=-(2**31), le=2**31)]


def _published_page(body: Body, year: int) -> AnnualReportPage | None:
    page = AnnualReportPage.objects.filter(body=body, year=year, live=True).first()
    return page if page is not None and page.frozen_tables else None


def _body_report(body: Body, year: int) -> dict[str, Any] | None:
    page = _published_page(body, year)
    if page is not None:
        data = page.frozen().as_json()  # type: ignore[union-attr]
        data[fmt.KEY_CHECKS] = list(page.frozen_checks or [])
        data[KEY_PUBLISHED_AT] = timezone.localdate(page.first_published_at).isoformat()
        data[KEY_FROZEN_AT] = page.frozen_at.isoformat() if page.frozen_at else None
        return data
    imported = imported_tables(body, year)
    if imported is not None:  # a report published before the platform (its tables as published)
        data = imported.as_json()
        data[fmt.KEY_CHECKS] = [v.as_json() for v in validate(imported)]
        return data
    return None


def _region_report(body: Body, year: int) -> dict[str, Any]:
    bodies = list(Body.objects.filter(path__startswith=body.path).order_by("path"))
    pages = {
        p.body_id: p
        for p in AnnualReportPage.objects.filter(
            body__in=bodies, year=year, live=True, frozen_tables__isnull=False
        )
    }
    parts: list[ReportTables] = []
    included, missing = [], []
    for member in bodies:
        entry = {fmt.KEY_BODY_CODE: member.code, fmt.KEY_BODY: member.name}
        page = pages.get(member.pk)
        if page is not None:
            parts.append(page.frozen())  # type: ignore[arg-type]
            included.append(entry)
        else:
            missing.append(entry)
    total = tables_sum(body.name, body.code, year, parts)
    data = total.as_json()
    data[fmt.KEY_CHECKS] = [v.as_json() for v in validate(total)]
    data[KEY_INCLUDED] = included
    data[KEY_MISSING] = missing
    return data


@router.get(
    "/{body_code}/{year}",
    response={200: dict[str, Any], 404: dict[str, Any], 422: dict[str, Any]},
    summary="政府信息公开工作年度报告（表二、表三、表四，已发布的数据）",
)
def get_report(request, body_code: BodyCode, year: Year, region: bool = False):
    """The published report of the body (its code) for the year: the tables frozen when its
    report page was published, with the checks of that moment (`校验`) — or the tables of a
    historic report imported from its earlier publication. A report not yet published is a 404.
    `region=true` sums the published reports of the body and all bodies below it, marked
    `"统计口径": "区域汇总（非法定年度报告）"`, listing the bodies included and those missing."""
    body = Body.objects.filter(code=body_code).first()
    if body is None:
        return Status(404, {"error": MSG_BODY_NOT_FOUND.format(code=body_code)})
    if not year_in_range(year):
        first, last = report_year_range()
        message = MSG_YEAR_RANGE.format(first=first, last=last)
        details = [{"参数": "year", "说明": message}]
        return Status(422, {"error": MSG_BAD_PARAMETERS, "details": details})
    if region:
        return Status(200, _region_report(body, year))
    data = _body_report(body, year)
    if data is None:
        return Status(404, {"error": MSG_NOT_PUBLISHED.format(body=body.name, year=year)})
    return Status(200, data)
