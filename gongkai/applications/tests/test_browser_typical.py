"""A typical case with its reply letter, published after the office head's approval, in a real
browser (B6): the clerk proposes a delivered case with the anonymised letter the platform drafted,
the office head approves it, the public reads it and downloads the letter.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/applications/tests/test_browser_typical.py
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from gongkai.applications.models import ApplicationStatus
from gongkai.applications.tests.factories import case_in
from gongkai.applications.tests.test_browser_workbench import _expect, log_in
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

START = datetime(2025, 3, 4, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
TITLE = "申请公开老旧小区改造立项批复，予以公开"


def test_a_typical_case_with_its_reply_letter_is_published_after_approval(
    live_server, browser_context_factory, time_machine, office, clerk, office_head
):
    expect = _expect()
    time_machine.move_to(START, tick=True)
    app = case_in(ApplicationStatus.REPLIED, clerk=clerk)  # its 答复书 issued on commit
    base = live_server.url
    url = f"/workbench/applications/{app.pk}/typical-case/"

    page = log_in(browser_context_factory(), base, "clerk", url)
    letter = page.locator("#typical-letter_text")
    expect(letter).to_have_value(re.compile(r"^申请人某某："))
    assert app.applicant_name not in letter.input_value()
    page.locator("#typical-title").fill(TITLE)
    page.locator("#typical-summary").fill("申请人申请公开某老旧小区改造项目的立项批复。")
    page.locator("#typical-reply_text").fill("该信息可以公开，予以提供。")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".messages")).to_contain_text("等待政府信息公开工作机构负责人审核")
    expect(page.get_by_role("button", name="审核通过并发布")).to_have_count(0)

    head = log_in(browser_context_factory(), base, "office_head", url)
    head.get_by_role("button", name="审核通过并发布").click()
    expect(head.locator(".messages")).to_contain_text("已审核发布典型案例及其答复书")
    screenshot(head, "typical-01-approved")

    public = browser_context_factory().new_page()
    public.goto(base + "/apply/cases/")
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    with public.expect_download() as download:
        public.get_by_role("link", name=re.compile("下载答复书")).click()
    text = "".join(p.extract_text() for p in PdfReader(Path(download.value.path())).pages)
    text = re.sub(r"\s+", "", text)
    assert "申请人某某" in text and "政府信息公开申请答复书" in text
    assert app.applicant_name not in text and app.phone not in text
    screenshot(public, "typical-02-public")
