"""`GET /api/v1/reports/{body}/{year}`: the tables of an annual report as JSON (public).

The statutory tables are published information and hold no personal data, so the endpoint needs
no login. The JSON is the format of docs/annual_report.md with the checks under "校验".
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Path, Router, Status

from gongkai.bodies.models import Body
from gongkai.reports.selectors import (
    MSG_YEAR_RANGE,
    annual_report,
    region_report,
    report_year_range,
    year_in_range,
)

router = Router(tags=["年度报告"])

MSG_BODY_NOT_FOUND = "机关不存在：{code}"
MSG_BAD_PARAMETERS = "请求参数有误"  # the same wording as the rest of /api/v1/

BodyCode = Annotated[str, Path(max_length=40)]
Year = Annotated[int, Path(ge=-(2**31), le=2**31)]


@router.get(
    "/{body_code}/{year}",
    response={200: dict[str, Any], 404: dict[str, Any], 422: dict[str, Any]},
    summary="政府信息公开工作年度报告（表二、表三、表四）",
)
def get_report(request, body_code: BodyCode, year: Year, region: bool = False):
    """The report of the body (its code) for the year, computed from the platform's records —
    or the imported historic report for a year before its records — with the consistency checks
    (`校验`). `region=true` gives the sum over the body and all bodies below it instead, marked
    `"统计口径": "区域汇总（非法定年度报告）"`."""
    body = Body.objects.filter(code=body_code).select_related("home_page").first()
    if body is None:
        return Status(404, {"error": MSG_BODY_NOT_FOUND.format(code=body_code)})
    if not year_in_range(year):
        first, last = report_year_range()
        message = MSG_YEAR_RANGE.format(first=first, last=last)
        details = [{"参数": "year", "说明": message}]
        return Status(422, {"error": MSG_BAD_PARAMETERS, "details": details})
    report = region_report(body, year) if region else annual_report(body, year)
    return Status(200, report.as_json())
