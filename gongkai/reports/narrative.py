"""Starting drafts of the narrative sections 一、五、六, filled with what the platform knows.

Staff edit these; the drafts only spare them from copying numbers by hand (issue 5 item 3). The
facts come from the same records as the tables: documents the body published in the year by type
(interpretations included), what public participation did (`participation/annual.py`:
consultations, letters, Q&A, hot topics), applications received and answered, and the information
processing fees collected — which section 六 must report (国办函〔2020〕109号; regulations.md §2.1).
"""

from __future__ import annotations

from django.db.models import Count, Sum

from gongkai.applications.models import Application, FeeNotice
from gongkai.bodies.models import Body
from gongkai.core.dates import end_of_day_exclusive, start_of_day
from gongkai.documents.models import DocType
from gongkai.documents.selectors import documents_public
from gongkai.participation.annual import participation_sentence, participation_year
from gongkai.reports.compute import year_bounds

FEE_MEASURES = "《政府信息公开信息处理费管理办法》"


def published_by_type(body: Body, year: int) -> dict[str, int]:
    """Documents of the body first published on the platform in the year, by 文种 label."""
    if body.home_page_id is None:
        return {}
    start, end = year_bounds(year)
    rows = (
        documents_public()
        .filter(
            path__startswith=body.home_page.path,
            first_published_at__gte=start_of_day(start),
            first_published_at__lt=end_of_day_exclusive(end),
        )
        .values("doc_type")
        .annotate(n=Count("pk"))
        .order_by("-n", "doc_type")
    )
    labels = dict(DocType.choices)
    return {labels.get(r["doc_type"], r["doc_type"]): r["n"] for r in rows}


def fees_collected(body: Body, year: int) -> int:
    """信息处理费 paid in the year (元), by the day payment was recorded."""
    start, end = year_bounds(year)
    total = FeeNotice.objects.filter(
        application__body=body, paid_on__gte=start, paid_on__lte=end
    ).aggregate(s=Sum("amount"))["s"]
    return int(total or 0)


def narrative_draft(body: Body, year: int) -> dict[str, str]:
    """Drafts of 一、总体情况, 五、存在的主要问题及改进情况 and 六、其他需要报告的事项."""
    start, end = year_bounds(year)
    published = published_by_type(body, year)
    received = Application.objects.filter(
        body=body, received_on__gte=start, received_on__lte=end
    ).count()
    decided = Application.objects.filter(
        body=body, decided_on__gte=start, decided_on__lte=end
    ).count()
    total = sum(published.values())
    if published:
        kinds = "，".join(f"{label}{n}件" for label, n in published.items())
        proactive = (
            f"{year}年，{body.name}在政府信息公开平台主动公开政府信息{total}件，其中{kinds}。"
        )
    else:
        proactive = f"{year}年，{body.name}在政府信息公开平台未发布政府信息。"
    interpretations = published.get(DocType.INTERPRETATION.label, 0)
    general = [
        "（一）主动公开。"
        + proactive
        + (f"发布政策解读{interpretations}件。" if interpretations else "")
        + participation_sentence(participation_year(body, year), year).removeprefix(f"{year}年，"),
        f"（二）依申请公开。全年新收政府信息公开申请{received}件，"
        f"作出答复决定{decided}件（详见第三部分）。",
        "（三）政府信息管理。【请填写】",
        "（四）政府信息公开平台建设。【请填写】",
        "（五）监督保障。【请填写】",
    ]
    fees = fees_collected(body, year)
    if fees:
        other = f"依据{FEE_MEASURES}，本年度共收取信息处理费{fees}元。"
    else:
        other = f"依据{FEE_MEASURES}，本年度未收取信息处理费。"
    return {
        "一": "\n".join(general),
        "五": "【请填写本年度存在的主要问题、上一年度报告所提问题的整改情况及改进措施】",
        "六": other + "\n【其他需要报告的事项，如年度政务公开工作要点落实情况】",
    }
